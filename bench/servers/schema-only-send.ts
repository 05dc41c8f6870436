/** Scenario 2: Kabar's send body validated by the TypeBox schema and answered; nothing is stored. */
import { serve } from '../lib/protocol.js';
import { sendApp } from '../lib/send-route.js';

let accepted = 0;
const app = sendApp(() => {
  accepted += 1;
});
await serve(app, { stats: () => ({ accepted }) });
