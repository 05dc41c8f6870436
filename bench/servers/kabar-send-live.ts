/**
 * Kabar's send route with the simulated clock running: statuses fall due and their webhooks go out
 * on the same core while the load runs. Reported beside the target, not judged by it.
 */
import { serveKabar } from '../lib/kabar-server.js';

await serveKabar();
