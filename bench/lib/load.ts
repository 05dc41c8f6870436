/** One autocannon run against a server, reduced to the figures the report shows. */
import autocannon from 'autocannon';

export interface LoadTarget {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /**
   * Several bodies, split into one contiguous share per connection: each connection sends its share
   * in turn (one request each), then starts over.
   */
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

/**
 * Gives each connection its own share of `bodies`. Handed the whole list, autocannon builds every
 * request of it for every connection, one connection after the other, before it reads an answer:
 * with 1,000 bodies and 50 connections that held the load generator for 1.2–1.5 s at the start of
 * each run, measured as latency of the first 50 requests and as seconds without load.
 */
function ownShares(target: LoadTarget, connections: number): Pick<autocannon.Options, 'requests' | 'setupClient'> {
  const requests = (target.bodies ?? []).map((body) => ({ method: target.method, path: target.path, body }));
  const share = Math.ceil(requests.length / connections);
  const shares = Array.from({ length: connections }, (_, index) => requests.slice(index * share, (index + 1) * share)).map((own) => (own.length > 0 ? own : requests.slice(0, share)));
  let next = 0;
  return {
    // What autocannon builds before setupClient replaces it: one request, not the whole list.
    requests: requests.slice(0, 1),
    setupClient: (client) => {
      client.setRequests(shares[next % connections] ?? requests);
      next += 1;
    },
  };
}

export async function runLoad(baseUrl: string, target: LoadTarget, connections: number, durationS: number): Promise<LoadFigures> {
  const result = await autocannon({
    url: `${baseUrl}${target.path}`,
    method: target.method,
    connections,
    duration: durationS,
    ...(target.headers === undefined ? {} : { headers: { ...target.headers } }),
    ...(target.body === undefined ? {} : { body: target.body }),
    ...(target.bodies === undefined ? {} : ownShares(target, connections)),
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
