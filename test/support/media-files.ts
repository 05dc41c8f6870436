import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

/** Bytes that start like a JPEG (the Cloud API takes the MIME type as given; Kabar does not decode images). */
export function jpegBytes(size = 2_048, seed = 1): Buffer {
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index += 1) bytes[index] = (index * 31 + seed * 17) % 251;
  bytes[0] = 0xff;
  bytes[1] = 0xd8;
  return bytes;
}

/** A WebP header: VP8X with the animation flag when `animated`. */
export function webpBytes(size: number, animated: boolean): Buffer {
  const bytes = Buffer.alloc(size, 7);
  bytes.write('RIFF', 0, 'ascii');
  bytes.writeUInt32LE(size - 8, 4);
  bytes.write('WEBP', 8, 'ascii');
  bytes.write('VP8X', 12, 'ascii');
  bytes.writeUInt32LE(10, 16);
  bytes[20] = animated ? 0x02 : 0x00;
  return bytes;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A web server with files at fixed paths, each with its Content-Type, as a business's CDN would answer. */
export class MediaFileServer {
  readonly #files = new Map<string, { type: string; bytes: Buffer }>();
  readonly #server: Server = createServer((request, response) => {
    const file = this.#files.get(new URL(request.url ?? '/', 'http://files').pathname);
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': file.type, 'content-length': file.bytes.length }).end(file.bytes);
  });

  static async start(): Promise<MediaFileServer> {
    const started = new MediaFileServer();
    await new Promise<void>((resolve) => started.#server.listen(0, '127.0.0.1', resolve));
    return started;
  }

  /** Serves `bytes` at `path` with `type`; answers the absolute URL. */
  put(path: string, type: string, bytes: Buffer): string {
    this.#files.set(path, { type, bytes });
    return `${this.url}${path}`;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** A Graph error envelope as the media routes answer it. */
export interface GraphError {
  readonly error: { readonly code: number; readonly message: string; readonly error_subcode?: number; readonly error_data?: { readonly details: string } };
}

/** What `GET /{media-id}` answers. */
export interface Retrieved {
  readonly messaging_product: string;
  readonly url: string;
  readonly mime_type: string;
  readonly sha256: string;
  readonly file_size: string;
  readonly id: string;
}
