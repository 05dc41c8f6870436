import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskMediaStorage } from '../../src/store/index.js';
import { sha256Hex } from '../support/media-files.js';

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

/** The disk adapter of the media storage port: staged, hashed, kept, read back, removed; a limit; leftovers cleared. */
describe('media bytes on disk', () => {
  it('stages and hashes a stream, keeps it under its key, reads it back and removes it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kabar-media-disk-'));
    try {
      const storage = new DiskMediaStorage(dataDir);
      const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, index) => index % 253));
      const staged = await storage.receive(chunks(bytes, 7_000), 1_000_000);
      expect(staged).toMatchObject({ size: bytes.length, sha256: sha256Hex(bytes), exceeded: false });
      expect(Buffer.from(staged.head).equals(bytes.subarray(0, 64))).toBe(true);
      await storage.keep(staged, '123456');
      expect((await collect(storage.read('123456'))).equals(bytes)).toBe(true);
      await storage.remove('123456');
      await expect(collect(storage.read('123456'))).rejects.toThrow();

      const cut = await storage.receive(chunks(bytes, 7_000), 10_000);
      expect(cut).toMatchObject({ size: 10_000, exceeded: true, sha256: sha256Hex(bytes.subarray(0, 10_000)) });
      await storage.discard(cut);

      mkdirSync(join(dataDir, 'media', 'staging'), { recursive: true });
      writeFileSync(join(dataDir, 'media', 'staging', 'left-over'), 'x');
      await storage.clearStaging();
      expect(existsSync(join(dataDir, 'media', 'staging', 'left-over'))).toBe(false);
      expect(() => readFileSync(join(dataDir, 'media', 'staging', 'left-over'))).toThrow();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
