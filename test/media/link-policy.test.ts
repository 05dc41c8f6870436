import { describe, expect, it } from 'vitest';
import { linkProblem } from '../../src/server/media/link-fetch.stage.js';
import { jpegBytes, MediaFileServer, webpBytes } from '../support/media-files.js';

/** The link fetch's own rules, against a real web server: the callback-host policy, types, sizes, redirects. */
describe('fetching a media link', () => {
  it('keeps to the callback-host policy, the kind\'s types and limits', async () => {
    const files = await MediaFileServer.start();
    try {
      const photo = files.put('/a.jpg', 'image/jpeg', jpegBytes(1_000));
      expect(await linkProblem('image', photo, { policy: 'any' })).toBeUndefined();
      expect(await linkProblem('image', photo, { policy: 'public' })).toMatch(/does not fetch .*loopback, private or reserved address/);
      expect(await linkProblem('video', photo, { policy: 'any' })).toMatch(/Media type image\/jpeg at the link is not what a video takes/);
      // A document takes any type the Cloud API sends.
      expect(await linkProblem('document', photo, { policy: 'any' })).toBeUndefined();
      const big = files.put('/big.jpg', 'image/jpeg', jpegBytes(5 * 1024 * 1024 + 1));
      expect(await linkProblem('image', big, { policy: 'any' })).toMatch(/more than the limit of an image/);
      const sticker = files.put('/s.webp', 'image/webp', webpBytes(200 * 1024, false));
      expect(await linkProblem('sticker', sticker, { policy: 'any' })).toMatch(/more than the limit of a static sticker/);
      expect(await linkProblem('sticker', files.put('/a.webp', 'image/webp', webpBytes(200 * 1024, true)), { policy: 'any' })).toBeUndefined();
      expect(await linkProblem('image', `${files.url}/none.jpg`, { policy: 'any' })).toMatch(/http code 404/);
      expect(await linkProblem('image', 'http://127.0.0.1:1/x.jpg', { policy: 'any' })).toMatch(/^Downloading media from weblink failed/);
    } finally {
      await files.close();
    }
  });
});
