/** The `kabar` command: `start`, and thin commands over the admin and simulator HTTP APIs. */
import { Command, InvalidArgumentError } from 'commander';
import { call, CommandError, print } from './http.js';
import { connection } from './config.js';
import { start } from './start.js';
import { listen } from './webhook-listener.js';

function integer(value: string): number {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

function port(value: string): number {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) throw new InvalidArgumentError('expected a port number (0 picks a free one)');
  return parsed;
}

const program = new Command('kabar').description('Kabar, a self-hostable WhatsApp Business Platform').showHelpAfterError();

program
  .command('start')
  .description('run Kabar: embedded SQLite (or KABAR_DATABASE_URL), the simulator, a seeded demo business')
  .option('-p, --port <port>', 'port to listen on', port, Number(process.env['PORT'] ?? 3000))
  .option('--host <host>', 'interface to listen on', process.env['HOST'] ?? '127.0.0.1')
  .action(async (options: { port: number; host: string }) => start(options));

const sim = program.command('sim').description('drive the simulated WhatsApp network');

sim
  .command('send')
  .description('a simulated user sends a text to a business number (the demo number unless --to)')
  .requiredOption('--from <waId>', 'the user\'s phone number, e.g. 15550100001')
  .option('--to <number>', 'business phone number or phone-number id')
  .option('--name <name>', 'the user\'s profile name')
  .option('--reply-to <wamid>', 'the message the user replies to')
  .argument('<text>', 'what the user writes')
  .action(async (text: string, options: { from: string; to?: string; name?: string; replyTo?: string }) => {
    const to = options.to ?? connection().demo?.phoneNumberId;
    print(await call('POST', '/sim/messages', { from: options.from, text, ...(to === undefined ? {} : { to }), ...(options.name === undefined ? {} : { name: options.name }), ...(options.replyTo === undefined ? {} : { context: options.replyTo }) }));
  });

sim
  .command('inbox')
  .description('what a simulated user has received')
  .argument('<waId>', 'the user\'s wa_id')
  .option('--all', 'also the messages the user sent')
  .action(async (waId: string, options: { all?: boolean }) => {
    print(await call('GET', `/sim/users/${encodeURIComponent(waId)}/messages${options.all === true ? '' : '?direction=received'}`));
  });

const user = sim.command('user').description('simulated users');
user
  .command('add')
  .description('declare a user: a name, or a number that is not on WhatsApp')
  .argument('<waId>', 'the user\'s wa_id')
  .option('--name <name>', 'profile name')
  .option('--not-on-whatsapp', 'messages to this number fail with 131026')
  .action(async (waId: string, options: { name?: string; notOnWhatsapp?: boolean }) => {
    print(await call('POST', '/sim/users', { wa_id: waId, ...(options.name === undefined ? {} : { name: options.name }), on_whatsapp: options.notOnWhatsapp !== true }));
  });
user.command('list').description('declared users').action(async () => print(await call('GET', '/sim/users')));

function range(value: string): [number, number] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  if (match === null) throw new InvalidArgumentError('expected milliseconds, as 500 or 100-600');
  const low = Number(match[1]);
  return [low, match[2] === undefined ? low : Number(match[2])];
}

function probability(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) throw new InvalidArgumentError('expected a number from 0 to 1');
  return parsed;
}

const network = sim.command('network').description('the simulated network: its seed and delivery schedule');
network.command('show').description('the seed and schedule in force').action(async () => print(await call('GET', '/sim/network')));
network
  .command('set')
  .description('change the seed or the schedule (kept across restarts)')
  .option('--seed <n>', 'PRNG seed: the same seed replays the same timings', integer)
  .option('--sent <ms>', 'acceptance to sent, e.g. 100-600', range)
  .option('--delivered <ms>', 'sent to delivered, e.g. 200-1500', range)
  .option('--read <ms>', 'delivered to read, e.g. 2000-20000', range)
  .option('--read-probability <p>', 'share of delivered messages that are read', probability)
  .action(async (options: { seed?: number; sent?: [number, number]; delivered?: [number, number]; read?: [number, number]; readProbability?: number }) => {
    const schedule = {
      ...(options.sent === undefined ? {} : { sent_after_ms: options.sent }),
      ...(options.delivered === undefined ? {} : { delivered_after_sent_ms: options.delivered }),
      ...(options.read === undefined ? {} : { read_after_delivered_ms: options.read }),
      ...(options.readProbability === undefined ? {} : { read_probability: options.readProbability }),
    };
    print(await call('POST', '/sim/network', { ...(options.seed === undefined ? {} : { seed: options.seed }), schedule }));
  });

const clock = sim.command('clock').description('the simulated clock');
clock.command('show').description('the simulated time').action(async () => print(await call('GET', '/sim/clock')));
clock
  .command('advance')
  .description('move simulated time forward (90s, 25h, 7d) and run everything that falls due')
  .argument('<duration>', 'how far')
  .action(async (duration: string) => print(await call('POST', '/sim/clock/advance', { by: duration })));
clock.command('freeze').description('stop simulated time').action(async () => print(await call('POST', '/sim/clock/mode', { mode: 'frozen' })));
clock.command('run').description('let simulated time flow with the wall clock').action(async () => print(await call('POST', '/sim/clock/mode', { mode: 'running' })));

const admin = program.command('admin').description('provision businesses, WABAs, numbers, apps and tokens');
admin
  .command('business')
  .description('create a business portfolio')
  .requiredOption('--name <name>')
  .action(async (options: { name: string }) => print(await call('POST', '/admin/businesses', { name: options.name })));
admin
  .command('waba')
  .description('create a WhatsApp Business Account')
  .requiredOption('--business <id>')
  .requiredOption('--name <name>')
  .action(async (options: { business: string; name: string }) => print(await call('POST', `/admin/businesses/${options.business}/wabas`, { name: options.name })));
admin
  .command('number')
  .description('add a connected phone number to a WABA')
  .requiredOption('--waba <id>')
  .requiredOption('--phone <number>', 'international format, e.g. +15550100009')
  .requiredOption('--name <verifiedName>')
  .action(async (options: { waba: string; phone: string; name: string }) =>
    print(await call('POST', `/admin/wabas/${options.waba}/phone_numbers`, { phone_number: options.phone, verified_name: options.name })),
  );
admin
  .command('app')
  .description('create an app (secret and verify token are generated)')
  .requiredOption('--business <id>')
  .requiredOption('--name <name>')
  .option('--callback-url <url>')
  .action(async (options: { business: string; name: string; callbackUrl?: string }) =>
    print(await call('POST', `/admin/businesses/${options.business}/apps`, { name: options.name, ...(options.callbackUrl === undefined ? {} : { callback_url: options.callbackUrl }) })),
  );
admin
  .command('token')
  .description('issue an access token for an app (shown once)')
  .requiredOption('--app <id>')
  .option('--permissions <list>', 'comma-separated: whatsapp_business_messaging,whatsapp_business_management')
  .action(async (options: { app: string; permissions?: string }) =>
    print(await call('POST', `/admin/apps/${options.app}/tokens`, options.permissions === undefined ? {} : { permissions: options.permissions.split(',').map((name) => name.trim()) })),
  );

program
  .command('env')
  .description('print shell exports for the demo business: eval "$(npx kabar env)"')
  .action(() => {
    const { baseUrl, adminToken, demo } = connection();
    if (demo === undefined) throw new CommandError('No demo.json found: start Kabar first with "npm start".');
    const values: Record<string, string | undefined> = {
      KABAR_URL: baseUrl,
      KABAR_ADMIN_TOKEN: adminToken,
      ACCESS_TOKEN: demo.accessToken,
      PHONE_NUMBER_ID: demo.phoneNumberId,
      WABA_ID: demo.wabaId,
      APP_ID: demo.appId,
      APP_SECRET: demo.appSecret,
      VERIFY_TOKEN: demo.verifyToken,
    };
    for (const [name, value] of Object.entries(values)) if (value !== undefined) process.stdout.write(`export ${name}='${value}'\n`);
  });

const webhooks = program.command('webhooks').description('the outbound webhook log, and a receiver to try webhooks with');
webhooks
  .command('listen')
  .description('receive webhooks: answer the verification handshake and check signatures with the demo app')
  .option('-p, --port <port>', 'port to listen on', port, 4000)
  .option('--host <host>', 'interface', '127.0.0.1')
  .option('--json', 'print each body as received')
  .action(async (options: { port: number; host: string; json?: boolean }) => listen({ port: options.port, host: options.host, json: options.json === true }));
webhooks
  .command('outbox')
  .description('webhook events and their state')
  .option('--status <status>', 'pending, delivered or dead')
  .option('--limit <n>', 'how many', integer)
  .action(async (options: { status?: string; limit?: number }) => {
    const query = new URLSearchParams({ ...(options.status === undefined ? {} : { status: options.status }), ...(options.limit === undefined ? {} : { limit: String(options.limit) }) });
    print(await call('GET', `/admin/webhooks/outbox?${query.toString()}`));
  });
webhooks
  .command('summary')
  .description('how many webhook events are pending, delivered and given up')
  .action(async () => print(await call('GET', '/admin/webhooks/summary')));
webhooks
  .command('attempts')
  .description('every delivery attempt, newest first')
  .option('--limit <n>', 'how many', integer)
  .action(async (options: { limit?: number }) => print(await call('GET', `/admin/webhooks/attempts${options.limit === undefined ? '' : `?limit=${options.limit}`}`)));

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`kabar: ${error instanceof CommandError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
