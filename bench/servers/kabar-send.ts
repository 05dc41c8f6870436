/**
 * Scenario 4, the target: Kabar's real text send route with its simulated clock frozen during the
 * load, so the measurement is the route itself; the statuses it planned are applied and their
 * webhooks delivered afterwards, when the load generator advances the clock (the drain).
 */
import { serveKabar } from '../lib/kabar-server.js';

await serveKabar({ frozenClock: true });
