/** The `kabar` command: `start`, and thin commands over the admin and simulator HTTP APIs. */
import { Command } from 'commander';
import { addAdminCommands } from './admin.commands.js';
import { addPlatformCommands } from './platform.commands.js';
import { addContactsCommands } from './contacts.commands.js';
import { CommandError } from './cli.errors.js';
import { call, print } from './http.js';
import { connection, resolveDemoFilePath } from './config.js';
import { integer, port } from './option-parsers.js';
import { addSimCommands } from './sim.commands.js';
import { addFeedbackCommands } from './feedback.commands.js';
import { addWebhookRealismCommand } from './webhooks.commands.js';
import { addNotificationCommands, addTemplateCommands } from './templates.commands.js';
import { addOnboardingCommands } from './onboarding.commands.js';
import { addLimitsCommands } from './limits.commands.js';
import { addThroughputCommand } from './throughput.commands.js';
import { addBillingCommands } from './billing.commands.js';
import { addCatalogCommands, addUserActionCommands } from './messages.commands.js';

/** The variables `kabar --help` lists under "Environment". */
const environment: readonly (readonly [string, string])[] = [
  ['KABAR_DATA_DIR', "Kabar's data folder (default ./data): kabar start keeps its SQLite file and demo.json there, and every other command finds the running Kabar through that demo.json"],
  ['KABAR_URL', 'base URL of a running Kabar, instead of the one in demo.json (e.g. http://127.0.0.1:3000)'],
  ['KABAR_ADMIN_TOKEN', 'operator token for the admin and simulator APIs, instead of the one in demo.json; kabar start takes it as its admin token'],
  ['PORT, HOST', 'where kabar start listens (default 3000, 127.0.0.1); --port and --host win'],
  ['KABAR_DATABASE_URL', 'postgres://… makes kabar start use PostgreSQL instead of SQLite'],
  ['KABAR_SQLITE_SYNCHRONOUS', 'FULL (default) or NORMAL'],
  ['KABAR_SIM_SEED', "the simulator's seed (default 1)"],
  ['KABAR_CALLBACK_HOSTS', 'any (default), or public to refuse webhook callbacks on private addresses'],
  ['KABAR_LOG_LEVEL', "kabar start's log level (default warn)"],
  ['KABAR_SMTP_URL', "smtp://user:password@host:port: kabar start also e-mails each business's notifications to its registered address (the password is never logged)"],
  ['KABAR_SMTP_FROM', 'the sender of those e-mails (default Kabar <notifications@kabar.localhost>)'],
  ['KABAR_VERIFY_TOKEN', "what kabar webhooks listen answers the handshake with, instead of the demo app's"],
  ['KABAR_APP_SECRET', "what kabar webhooks listen checks signatures with, instead of the demo app's"],
  ['KABAR_DEBUG', 'set to 1 to print the stack of an unexpected failure'],
];

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  return [...lines, current];
}

function environmentHelp(): string {
  const nameWidth = Math.max(...environment.map(([name]) => name.length));
  const rows = environment.map(([name, meaning]) =>
    wrap(meaning, 76 - nameWidth)
      .map((line, index) => `  ${(index === 0 ? name : '').padEnd(nameWidth)}  ${line}`)
      .join('\n'),
  );
  return `\nEnvironment:\n${rows.join('\n')}\n`;
}

/** The whole command tree; main.ts parses the process arguments with it, tests walk it. */
export function buildProgram(): Command {
  const program = new Command('kabar').description('Kabar, a self-hostable WhatsApp Business Platform').showHelpAfterError().addHelpText('after', environmentHelp());

  program
    .command('start')
    .description('run Kabar: embedded SQLite (or KABAR_DATABASE_URL), the simulator, a seeded demo business')
    .option('-p, --port <port>', 'port to listen on', port, Number(process.env['PORT'] ?? 3000))
    .option('--host <host>', 'interface to listen on', process.env['HOST'] ?? '127.0.0.1')
    // Loaded on use: every other command talks to a running Kabar over HTTP and starts faster without the server.
    .action(async (options: { port: number; host: string }) => (await import('./start.js')).start(options));

  addUserActionCommands(addSimCommands(program));
  addFeedbackCommands(program);
  addAdminCommands(program);
  addPlatformCommands(program);
  addTemplateCommands(program);
  addNotificationCommands(program);
  addOnboardingCommands(program);
  addLimitsCommands(program);
  addThroughputCommand(program);
  addBillingCommands(program);
  addCatalogCommands(program);
  addContactsCommands(program);

  program
    .command('env')
    .description('print shell exports for the demo business: eval "$(npx kabar env)"')
    .action(() => {
      const { baseUrl, adminToken, demo } = connection();
      if (demo === undefined) {
        throw new CommandError(`no demo.json in ${resolveDemoFilePath()}: start Kabar first with "npm start", or set KABAR_DATA_DIR to the data folder of the running Kabar.`);
      }
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
    .action(async (options: { port: number; host: string; json?: boolean }) => (await import('./webhook-listener.js')).listen({ port: options.port, host: options.host, json: options.json === true }));
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
  addWebhookRealismCommand(webhooks);

  return program;
}
