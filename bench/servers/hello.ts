/** Scenario 1, the ceiling: a bare Fastify route answering {"hello":"world"}. */
import Fastify from 'fastify';
import { serve } from '../lib/protocol.js';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await serve(app);
