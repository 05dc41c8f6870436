/** Scenario 4: Kabar's real text send route, with its timer runner and webhook dispatcher running. */
import { serveKabar } from '../lib/kabar-server.js';

await serveKabar();
