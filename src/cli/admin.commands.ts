/** `kabar admin …`: operator commands over the admin API that create the account tree and credentials. */
import type { Command } from 'commander';
import { call, print } from './http.js';

export function addAdminCommands(program: Command): void {
  const admin = program.command('admin').description('operators: provision businesses, WABAs, numbers, apps and tokens over the admin API');
  admin
    .command('business')
    .description('create a business portfolio; prints its id')
    .requiredOption('--name <name>', "the business's name, e.g. 'Toko Maju'")
    .action(async (options: { name: string }) => print(await call('POST', '/admin/businesses', { name: options.name })));
  admin
    .command('waba')
    .description('create a WhatsApp Business Account in a business portfolio; prints its id')
    .requiredOption('--business <id>', 'id of the business portfolio (from kabar admin business)')
    .requiredOption('--name <name>', "the WABA's name")
    .action(async (options: { business: string; name: string }) => print(await call('POST', `/admin/businesses/${options.business}/wabas`, { name: options.name })));
  admin
    .command('number')
    .summary('add a CONNECTED phone number to a WABA directly (operators); prints its id')
    .description(
      'For operators: adds a phone number to a WABA directly as CONNECTED (registered, display name approved, quality GREEN, tier TIER_1K), ' +
        'without the code verification and registration steps a business goes through. Prints its phone-number id.',
    )
    .requiredOption('--waba <id>', 'id of the WABA (from kabar admin waba)')
    .requiredOption('--phone <number>', 'the number in international format, e.g. +15550100009; not already on Kabar')
    .requiredOption('--name <verifiedName>', 'the display name customers see (verified_name)')
    .action(async (options: { waba: string; phone: string; name: string }) =>
      print(await call('POST', `/admin/wabas/${options.waba}/phone_numbers`, { phone_number: options.phone, verified_name: options.name })),
    );
  admin
    .command('app')
    .description('create an app in a business portfolio (its secret and verify token are generated); prints them')
    .requiredOption('--business <id>', 'id of the business portfolio (from kabar admin business)')
    .requiredOption('--name <name>', "the app's name")
    .option('--callback-url <url>', "http(s) URL the app's webhooks go to once a WABA subscribes the app (the subscription may override it)")
    .action(async (options: { business: string; name: string; callbackUrl?: string }) =>
      print(await call('POST', `/admin/businesses/${options.business}/apps`, { name: options.name, ...(options.callbackUrl === undefined ? {} : { callback_url: options.callbackUrl }) })),
    );
  admin
    .command('token')
    .description('issue an access token for an app (shown once)')
    .requiredOption('--app <id>', 'id of the app (from kabar admin app)')
    .option('--permissions <list>', 'comma-separated, default both: whatsapp_business_messaging,whatsapp_business_management')
    .action(async (options: { app: string; permissions?: string }) =>
      print(await call('POST', `/admin/apps/${options.app}/tokens`, options.permissions === undefined ? {} : { permissions: options.permissions.split(',').map((name) => name.trim()) })),
    );
}
