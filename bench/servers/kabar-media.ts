/** The media scenario: Kabar with its real media routes, on a fresh data dir (media files under it). */
import { serveKabar } from '../lib/kabar-server.js';

await serveKabar();
