import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers: at once with 200, never, or with a 200 whose body never ends. */
export type Answer = 'ok' | 'hang' | 'endless';

/** An endless body stops being pushed after this much, so that a regression fails an assertion instead of exhausting memory; it still never ends. */
const endlessSafetyCapBytes = 64 * 1024 * 1024;

/**
 * A webhook receiver that misbehaves on purpose. It counts the requests it holds open, the most it
 * ever held at once, and the requests whose connection the caller closed before the answer was
 * complete. `until` waits for a condition on those counts without sleeping.
 */
export class HostileReceiver {
  /** How the GET handshake and the POST deliveries are answered. */
  get: Answer = 'ok';
  post: Answer = 'ok';
  requests = 0;
  open = 0;
  maxOpen = 0;
  answered = 0;
  closedByCaller = 0;
  readonly #server: Server;
  readonly #held = new Set<ServerResponse>();
  readonly #waiters = new Set<() => void>();

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<HostileReceiver> {
    const server = createServer((request, response) => {
      request.resume();
      receiver.requests += 1;
      receiver.open += 1;
      receiver.maxOpen = Math.max(receiver.maxOpen, receiver.open);
      response.on('close', () => {
        receiver.open -= 1;
        receiver.#held.delete(response);
        if (response.writableFinished) receiver.answered += 1;
        else receiver.closedByCaller += 1;
        receiver.#changed();
      });
      const answer = request.method === 'GET' ? receiver.get : receiver.post;
      if (answer === 'ok') {
        const challenge = new URL(request.url ?? '/', 'http://receiver').searchParams.get('hub.challenge');
        response.writeHead(200, { 'content-type': 'text/plain' }).end(request.method === 'GET' ? (challenge ?? '') : '');
      } else if (answer === 'hang') {
        receiver.#held.add(response);
      } else {
        streamEndlessly(response);
      }
      receiver.#changed();
    });
    const receiver = new HostileReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  /** Answers every held request with 200 and, from now on, answers at once. */
  release(): void {
    this.get = 'ok';
    this.post = 'ok';
    for (const response of [...this.#held]) response.writeHead(200).end();
  }

  /** Resolves once `condition` holds; it is checked after every request and every closed connection. */
  until(condition: (receiver: HostileReceiver) => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (condition(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!condition(this)) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`the receiver never saw ${what} (open ${this.open}, answered ${this.answered}, closed by the caller ${this.closedByCaller})`));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #changed(): void {
    for (const check of [...this.#waiters]) check();
  }
}

function streamEndlessly(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/plain' });
  const chunk = Buffer.alloc(16 * 1024, 'x');
  let written = 0;
  const push = (): void => {
    while (!response.destroyed && written < endlessSafetyCapBytes) {
      written += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', push);
        return;
      }
    }
  };
  push();
}
