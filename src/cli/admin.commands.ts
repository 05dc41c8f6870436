/** `kabar admin …`: operator commands over the admin API that create the account tree and credentials. */
import type { Command } from 'commander';
import { call, idempotency, print } from './http.js';

export function addAdminCommands(program: Command): void {
  const admin = program.command('admin').description('operators: provision businesses, WABAs, numbers, apps and tokens over the admin API');
  admin
    .command('business')
    .description('create a business portfolio; prints its id')
    .requiredOption('--name <name>', "the business's name, e.g. 'Toko Maju'")
    .option('--idempotency-key <key>', 'retrying with the same key returns the first answer and creates nothing')
    .action(async (options: { name: string; idempotencyKey?: string }) => print(await call('POST', '/admin/businesses', { name: options.name }, idempotency(options.idempotencyKey))));
  admin
    .command('waba')
    .description('create a WhatsApp Business Account in a business portfolio; prints its id')
    .requiredOption('--business <id>', 'id of the business portfolio (from kabar admin business)')
    .requiredOption('--name <name>', "the WABA's name")
    .option('--idempotency-key <key>', 'retrying with the same key returns the first answer and creates nothing')
    .action(async (options: { business: string; name: string; idempotencyKey?: string }) =>
      print(await call('POST', `/admin/businesses/${options.business}/wabas`, { name: options.name }, idempotency(options.idempotencyKey))),
    );
  admin
    .command('number')
    .summary('add a phone number to a WABA and take it through onboarding at once, ending CONNECTED (operators); prints it')
    .description(
      'For operators: adds a phone number to a WABA and takes it through the whole onboarding path at once: a code requested and verified, ' +
        'registration with a two-step PIN, the display name and the Commerce Policy review approved by the operator. The number ends CONNECTED. ' +
        'With --pending it is only added (Pending, code not verified), as POST /{waba-id}/phone_numbers does; continue with kabar numbers. ' +
        'The business may hold 2 numbers while unverified, 20 once verified; a number that is someone\'s WhatsApp account is refused.',
    )
    .requiredOption('--waba <id>', 'id of the WABA (from kabar admin waba or kabar signup)')
    .requiredOption('--phone <number>', 'the number in international format, e.g. +15550100009; not already on Kabar')
    .requiredOption('--name <verifiedName>', 'the display name customers see (verified_name)')
    .option('--pending', 'only add the number; verify, register and review it step by step (kabar numbers …)')
    .option('--pin <pin>', 'the 6-digit two-step verification PIN to register with (default: a random one)')
    .option('--migrate', 'the number moves here from another provider (migrate_phone_number)')
    .option('--idempotency-key <key>', 'retrying with the same key returns the first answer (and finishes what the first call left undone)')
    .action(async (options: { waba: string; phone: string; name: string; pending?: boolean; pin?: string; migrate?: boolean; idempotencyKey?: string }) =>
      print(
        await call(
          'POST',
          `/admin/wabas/${options.waba}/phone_numbers`,
          { phone_number: options.phone, verified_name: options.name, connect: options.pending !== true, ...(options.pin === undefined ? {} : { pin: options.pin }), ...(options.migrate === true ? { migrate_phone_number: true } : {}) },
          idempotency(options.idempotencyKey),
        ),
      ),
    );
  admin
    .command('app')
    .description('create an app in a business portfolio (its secret and verify token are generated); prints them')
    .requiredOption('--business <id>', 'id of the business portfolio (from kabar admin business)')
    .requiredOption('--name <name>', "the app's name")
    .option('--callback-url <url>', "http(s) URL the app's webhooks go to once a WABA subscribes the app (the subscription may override it)")
    .option('--idempotency-key <key>', 'retrying with the same key returns the first answer and creates nothing')
    .action(async (options: { business: string; name: string; callbackUrl?: string; idempotencyKey?: string }) =>
      print(await call('POST', `/admin/businesses/${options.business}/apps`, { name: options.name, ...(options.callbackUrl === undefined ? {} : { callback_url: options.callbackUrl }) }, idempotency(options.idempotencyKey))),
    );
  admin
    .command('token')
    .description('issue an access token for an app (shown once)')
    .requiredOption('--app <id>', 'id of the app (from kabar admin app)')
    .option('--permissions <list>', 'comma-separated, default both: whatsapp_business_messaging,whatsapp_business_management')
    .option('--idempotency-key <key>', 'retrying with the same key returns the first answer (the same token) and issues nothing')
    .action(async (options: { app: string; permissions?: string; idempotencyKey?: string }) =>
      print(
        await call('POST', `/admin/apps/${options.app}/tokens`, options.permissions === undefined ? {} : { permissions: options.permissions.split(',').map((name) => name.trim()) }, idempotency(options.idempotencyKey)),
      ),
    );
}
