import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Image } from 'whatsapp-api-js/messages';
import { dialects } from '../support/databases.js';
import { startWithLibrary, type LibraryClient } from '../support/library-client.js';
import type { RunningKabar } from '../support/running-kabar.js';
import { jpegBytes, MediaFileServer } from '../support/media-files.js';

const user = '6281277700011';

/**
 * Media messages by link: Kabar fetches the link as Meta does, and a link it cannot fetch, or that
 * answers with the wrong kind of file, fails the message with 131053 in a webhook.
 */
for (const dialect of dialects) {
  describe(`media links on ${dialect}`, () => {
    let kabar: RunningKabar;
    let library: LibraryClient;
    let close: () => Promise<void>;
    let files: MediaFileServer;

    beforeAll(async () => {
      ({ kabar, library, close } = await startWithLibrary(dialect));
      files = await MediaFileServer.start();
      await kabar.operator('POST', '/sim/messages', { from: user, text: 'Kirim fotonya ya', name: 'Rina' });
    });

    afterAll(async () => {
      await close();
      await files.close();
    });

    it('fetches a link as Meta does: a good file goes out, an unreachable link or a wrong type fails with 131053 in a webhook', async () => {
      const good = files.put('/kopi.jpg', 'image/jpeg', jpegBytes(2_000));
      const missing = `${files.url}/hilang.jpg`;
      const html = files.put('/page.jpg', 'text/html', Buffer.from('<html></html>'));
      const refused = 'http://127.0.0.1:1/closed.jpg';
      const wamids = new Map<string, string>();
      for (const [name, link] of [['good', good], ['missing', missing], ['html', html], ['refused', refused]] as const) {
        const sent = (await library.client.sendMessage(kabar.demo.phoneNumberId, user, new Image(link, false, name))) as { messages?: { id: string }[] };
        expect(library.lastStatus, name).toBe(200);
        wamids.set(name, sent.messages?.[0]?.id ?? '');
      }
      await kabar.operator('POST', '/sim/clock/advance', { by: '5s' });
      const failed = ['missing', 'html', 'refused'].map((name) => wamids.get(name));
      expect(await library.until(() => failed.every((wamid) => library.statuses.some((status) => status.id === wamid && status.status === 'failed')))).toBe(true);
      for (const name of ['missing', 'html', 'refused']) {
        const status = library.statuses.find((entry) => entry.id === wamids.get(name) && entry.status === 'failed');
        expect(status?.error, name).toMatchObject({ code: 131053, title: 'Media upload error' });
      }
      expect(library.statuses.find((entry) => entry.id === wamids.get('missing'))?.error?.error_data?.details).toMatch(/http code 404/);
      expect(await library.until(() => library.statuses.some((status) => status.id === wamids.get('good') && status.status === 'read'))).toBe(true);
    });

  });
}
