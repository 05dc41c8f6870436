/**
 * Kabar's send route with its clock frozen (as `kabar-send`), the demo number at tier 4
 * (`TIER_UNLIMITED`) and its rolling window already holding 100,000 distinct customers.
 */
import { serveKabar } from '../lib/kabar-server.js';

await serveKabar({ frozenClock: true, windowRecipients: 100_000 });
