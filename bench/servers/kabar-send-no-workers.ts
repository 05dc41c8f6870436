/**
 * Diagnostic, not a target scenario: Kabar's send route with the workers' polling off, so status
 * timers never run and no status webhooks go out. Its distance from kabar-send is the background work.
 */
import { serveKabar } from '../lib/kabar-server.js';

await serveKabar({ pollIntervalMs: 0 });
