import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MediaStorage, StagedBytes } from '../core/media/index.js';

const headBytes = 64;

/**
 * Media bytes on disk under `<data dir>/media`: received into `staging/`, hashed as they stream,
 * then renamed into `objects/` once kept. Nothing is held in memory but the chunk in flight.
 */
export class DiskMediaStorage implements MediaStorage {
  readonly #root: string;

  constructor(dataDir: string) {
    this.#root = join(dataDir, 'media');
  }

  #staging(key: string): string {
    return join(this.#root, 'staging', key);
  }

  #object(storageKey: string): string {
    if (!/^[0-9A-Za-z_-]{1,64}$/.test(storageKey)) throw new Error(`not a storage key: ${storageKey}`);
    return join(this.#root, 'objects', storageKey.slice(-2).padStart(2, '0'), storageKey);
  }

  async receive(source: AsyncIterable<Uint8Array>, limit: number): Promise<StagedBytes> {
    await mkdir(join(this.#root, 'staging'), { recursive: true });
    const stagingKey = randomBytes(16).toString('hex');
    const path = this.#staging(stagingKey);
    const hash = createHash('sha256');
    const head = new Uint8Array(headBytes);
    let headLength = 0;
    let size = 0;
    let exceeded = false;
    async function* counted(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
      for await (const chunk of input) {
        let bytes = chunk;
        if (size + bytes.length > limit) {
          bytes = bytes.subarray(0, limit - size);
          exceeded = true;
        }
        if (headLength < headBytes) {
          const taken = bytes.subarray(0, headBytes - headLength);
          head.set(taken, headLength);
          headLength += taken.length;
        }
        hash.update(bytes);
        size += bytes.length;
        if (bytes.length > 0) yield bytes;
        if (exceeded) return;
      }
    }
    try {
      await pipeline(source, counted, createWriteStream(path, { flags: 'wx' }));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    return { stagingKey, size, sha256: hash.digest('hex'), head: head.slice(0, headLength), exceeded };
  }

  /**
   * Empties the staging place: what is there at start belongs to uploads a stop cut short. Call it
   * only while no upload is running (at start, before listening).
   */
  async clearStaging(): Promise<void> {
    await rm(join(this.#root, 'staging'), { recursive: true, force: true });
  }

  async keep(staged: StagedBytes, storageKey: string): Promise<void> {
    const target = this.#object(storageKey);
    await mkdir(join(target, '..'), { recursive: true });
    await rename(this.#staging(staged.stagingKey), target);
  }

  async discard(staged: StagedBytes): Promise<void> {
    await rm(this.#staging(staged.stagingKey), { force: true });
  }

  read(storageKey: string): ReadStream {
    return createReadStream(this.#object(storageKey), { highWaterMark: 256 * 1024 });
  }

  async remove(storageKey: string): Promise<void> {
    await rm(this.#object(storageKey), { force: true });
  }
}
