/** One autocannon run against a server, reduced to the figures the report shows. */
import autocannon from 'autocannon';

export interface LoadTarget {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Several bodies: each connection sends them in turn (one request each), then starts over. */
  readonly bodies?: readonly string[];
}

export interface LoadFigures {
  readonly requestsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly total: number;
  readonly ok2xx: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly durationS: number;
}

export async function runLoad(baseUrl: string, target: LoadTarget, connections: number, durationS: number): Promise<LoadFigures> {
  const result = await autocannon({
    url: `${baseUrl}${target.path}`,
    method: target.method,
    connections,
    duration: durationS,
    ...(target.headers === undefined ? {} : { headers: { ...target.headers } }),
    ...(target.body === undefined ? {} : { body: target.body }),
    ...(target.bodies === undefined ? {} : { requests: target.bodies.map((body) => ({ method: target.method, path: target.path, body })) }),
  });
  return {
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    total: result.requests.total,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
  };
}
