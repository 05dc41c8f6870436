/**
 * `tsx bench/consent-check.ts [on|off]`: the CPU one template send spends in the Graph opt-in stage,
 * with the switch on (a recipient with a marketing opt-in) or off, through the real repositories.
 * The route's whole cost per send is in the kabar-template-send scenarios of bench/run.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/server/index.js';
import { templateConsentStage } from '../src/core/consent/index.js';
import { contactsContext } from '../src/server/contacts/contacts.context.js';

const kabar = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'kb-')), pollIntervalMs: 0 });
const token = { authorization: `Bearer ${kabar.adminToken ?? ''}` };
const business = (await kabar.app.inject({ method: 'POST', url: '/admin/businesses', headers: token, payload: { name: 'B' } })).json<{ id: string }>().id;
const post = async (path: string, payload: Record<string, unknown>) => {
  const r = await kabar.app.inject({ method: 'POST', url: `/admin/businesses/${business}${path}`, headers: token, payload });
  if (r.statusCode >= 300) throw new Error(r.body);
};
await post('/consent/settings', { graph_opt_in_check: process.argv[2] !== 'off' });
await post('/consent/opt-ins', { phone: '+16505551234', categories: ['marketing'], source: 'web_form', consent_text: 'x' });
const context = contactsContext(kabar.services);
const stage = templateConsentStage({ consent: context.consent, settings: kabar.services.businessSettings, ids: kabar.services.ids });
const input = { message: { type: 'template', category: 'marketing', waId: '16505551234' }, number: { businessId: business } } as unknown as Parameters<typeof stage.check>[0];
for (let round = 0; round < 3; round += 1) {
  const count = 200_000;
  const cpu = process.cpuUsage();
  for (let index = 0; index < count; index += 1) {
    const outcome = await stage.check(input);
    if (outcome.outcome !== 'continue') throw new Error(JSON.stringify(outcome));
  }
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${process.argv[2] ?? 'on'}: ${((used.user + used.system) / count).toFixed(3)} µs CPU per check\n`);
}
await kabar.close();
