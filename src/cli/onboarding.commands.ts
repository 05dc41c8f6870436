/** `kabar signup`, `kabar business`, `kabar reviews`, `kabar numbers` and the simulator's onboarding commands. */
import type { Command } from 'commander';
import { CommandError } from './cli.errors.js';
import { call, idempotency, print } from './http.js';

/** `type:name` pairs, e.g. business_registration:akta.pdf. */
function documentsOf(values: readonly string[]): { type: string; name: string }[] {
  return values.map((value) => {
    const separator = value.indexOf(':');
    if (separator <= 0 || separator === value.length - 1) throw new CommandError(`--document '${value}' must be type:name, e.g. business_registration:akta.pdf`);
    return { type: value.slice(0, separator), name: value.slice(separator + 1) };
  });
}

const collect = (value: string, previous: readonly string[]): string[] => [...previous, value];

function addSignup(program: Command): void {
  program
    .command('signup')
    .summary('sign a business up: a business portfolio, a WABA, an app subscribed to it and a token, in one request')
    .description(
      'Signs a business up in one idempotent request. --express: usable at once for testing, unverified, in the trial tier (2 phone numbers). ' +
        '--classic: business verification is requested with the documents given; the review decides (kabar reviews). Prints the ids, the access token and the app secret.',
    )
    .requiredOption('--name <name>', "the business's name, e.g. 'Toko Maju'")
    .option('--express', 'Express signup (the default)')
    .option('--classic', 'Classic signup: business verification first (needs --document)')
    .option('--document <type:name>', 'a verification document, e.g. business_registration:akta.pdf (repeat for more)', collect, [])
    .option('--email <email>', "the business's registered email address")
    .option('--waba-name <name>', "the WABA's name (default: '<name> WABA')")
    .option('--app-name <name>', "the app's name (default: '<name> App')")
    .option('--callback-url <url>', "http(s) URL of the app's webhooks")
    .option('--idempotency-key <key>', 'retrying with the same key returns the first signup and creates nothing')
    .action(async (options: { name: string; express?: boolean; classic?: boolean; document: string[]; email?: string; wabaName?: string; appName?: string; callbackUrl?: string; idempotencyKey?: string }) => {
      if (options.express === true && options.classic === true) throw new CommandError('choose --express or --classic, not both');
      const body = {
        mode: options.classic === true ? 'classic' : 'express',
        business_name: options.name,
        ...(options.document.length === 0 ? {} : { documents: documentsOf(options.document) }),
        ...(options.email === undefined ? {} : { email: options.email }),
        ...(options.wabaName === undefined ? {} : { waba_name: options.wabaName }),
        ...(options.appName === undefined ? {} : { app_name: options.appName }),
        ...(options.callbackUrl === undefined ? {} : { callback_url: options.callbackUrl }),
      };
      print(await call('POST', '/admin/signups', body, idempotency(options.idempotencyKey)));
    });

  const business = program.command('business').description('business portfolios: their verification and limits');
  business.command('show').description('a business: signup mode, verification, how many numbers it holds and may hold').argument('<id>', 'business id').action(async (id: string) => print(await call('GET', `/admin/businesses/${id}`)));
  business
    .command('verify')
    .description('request business verification with documents; the review decides (kabar reviews)')
    .argument('<id>', 'business id')
    .requiredOption('--document <type:name>', 'a verification document, e.g. business_registration:akta.pdf (repeat for more)', collect, [])
    .action(async (id: string, options: { document: string[] }) => print(await call('POST', `/admin/businesses/${id}/verification`, { documents: documentsOf(options.document) })));
}

function addReviews(program: Command): void {
  const reviews = program.command('reviews').description("Meta's reviews, simulated: business verification, Commerce Policy, display names, the green tick");
  reviews
    .command('list')
    .description('reviews, newest first')
    .option('--pending', 'only those waiting for a decision')
    .option('--kind <kind>', 'business_verification, commerce_policy, display_name or official_business_account')
    .option('--business <id>', 'of one business')
    .action(async (options: { pending?: boolean; kind?: string; business?: string }) => {
      const query = new URLSearchParams({ ...(options.pending === true ? { status: 'pending' } : {}), ...(options.kind === undefined ? {} : { kind: options.kind }), ...(options.business === undefined ? {} : { business_id: options.business }) });
      print(await call('GET', `/admin/reviews?${query.toString()}`));
    });
  reviews.command('show').description('a review and what was submitted').argument('<id>', 'review id').action(async (id: string) => print(await call('GET', `/admin/reviews/${id}`)));
  reviews
    .command('decide')
    .description('decide a pending review now, as an operator, instead of waiting for the simulated reviewer')
    .argument('<id>', 'review id')
    .argument('<decision>', 'approve or reject')
    .option('--reason <reason>', 'why it is rejected (for a display name: NAME_FORMAT_UNACCEPTABLE, NAME_NOT_CONSISTENT, …)')
    .action(async (id: string, decision: string, options: { reason?: string }) => {
      if (decision !== 'approve' && decision !== 'reject') throw new CommandError(`decision '${decision}' must be approve or reject`);
      print(await call('POST', `/admin/reviews/${id}/decision`, { decision, ...(options.reason === undefined ? {} : { reason: options.reason }) }));
    });
  reviews
    .command('settings')
    .description("show the simulated reviewers' settings and the starting tier; with options, change them (kept across restarts)")
    .option('--kind <kind>', 'the reviewer to change: business_verification, commerce_policy, display_name or official_business_account')
    .option('--outcome <outcome>', 'approve, reject, or manual (wait for an operator)')
    .option('--delay <duration>', 'how long the reviewer takes, e.g. 10m, 2d, or 0')
    .option('--reason <reason>', 'the reason given when it rejects')
    .option('--starting-tier <tier>', 'where new numbers of a verified business start: trial or tier_1')
    .action(async (options: { kind?: string; outcome?: string; delay?: string; reason?: string; startingTier?: string }) => {
      const reviewer = { ...(options.outcome === undefined ? {} : { outcome: options.outcome }), ...(options.delay === undefined ? {} : { delay: options.delay }), ...(options.reason === undefined ? {} : { reason: options.reason }) };
      if (Object.keys(reviewer).length > 0 && options.kind === undefined) throw new CommandError('say which reviewer to change with --kind');
      if (options.kind === undefined && options.startingTier === undefined) {
        print(await call('GET', '/admin/onboarding/settings'));
        return;
      }
      print(await call('POST', '/admin/onboarding/settings', { ...(options.kind === undefined ? {} : { reviewers: { [options.kind]: reviewer } }), ...(options.startingTier === undefined ? {} : { starting_tier: options.startingTier }) }));
    });
}

function addNumbers(program: Command): void {
  const numbers = program.command('numbers').description("a phone number's onboarding, step by step (as a business does over Graph)");
  numbers
    .command('add')
    .description('add a number to a WABA: Pending, its code not verified, its display name under review')
    .requiredOption('--waba <id>', 'id of the WABA')
    .requiredOption('--phone <number>', 'the number in international format, e.g. +6281100002222')
    .requiredOption('--name <verifiedName>', 'the display name customers see')
    .option('--migrate', 'the number moves here from another provider (migrate_phone_number)')
    .action(async (options: { waba: string; phone: string; name: string; migrate?: boolean }) =>
      print(await call('POST', `/admin/wabas/${options.waba}/phone_numbers`, { phone_number: options.phone, verified_name: options.name, connect: false, ...(options.migrate === true ? { migrate_phone_number: true } : {}) })),
    );
  numbers.command('show').description('a number: every Graph field, its reviews and its status history').argument('<id>', 'phone-number id').action(async (id: string) => print(await call('GET', `/admin/phone_numbers/${id}`)));
  numbers
    .command('request-code')
    .description('send a verification code by SMS or voice call (read it with kabar sim codes)')
    .argument('<id>', 'phone-number id')
    .option('--method <method>', 'SMS or VOICE', 'SMS')
    .option('--language <language>', 'language of the message, e.g. en or id', 'en')
    .action(async (id: string, options: { method: string; language: string }) => print(await call('POST', `/admin/phone_numbers/${id}/request_code`, { code_method: options.method, language: options.language })));
  numbers.command('verify').description('verify the code the number received').argument('<id>', 'phone-number id').argument('<code>', 'the 6-digit code').action(async (id: string, code: string) => print(await call('POST', `/admin/phone_numbers/${id}/verify_code`, { code })));
  numbers
    .command('register')
    .description('register the number with the Cloud API (10 register or deregister calls per 72 h)')
    .argument('<id>', 'phone-number id')
    .requiredOption('--pin <pin>', "the number's 6-digit two-step PIN, or the one to set if it has none")
    .option('--region <code>', 'data_localization_region, e.g. ID or DE')
    .action(async (id: string, options: { pin: string; region?: string }) => print(await call('POST', `/admin/phone_numbers/${id}/register`, { pin: options.pin, ...(options.region === undefined ? {} : { data_localization_region: options.region }) })));
  numbers.command('deregister').description('deregister the number: it goes Offline').argument('<id>', 'phone-number id').action(async (id: string) => print(await call('POST', `/admin/phone_numbers/${id}/deregister`, {})));
  numbers.command('pin').description('set the two-step verification PIN').argument('<id>', 'phone-number id').argument('<pin>', '6 digits').action(async (id: string, pin: string) => print(await call('POST', `/admin/phone_numbers/${id}/pin`, { pin })));
  numbers.command('name').description('ask for a new display name; it goes through review again').argument('<id>', 'phone-number id').argument('<name>', 'the new display name').action(async (id: string, name: string) => print(await call('POST', `/admin/phone_numbers/${id}/display_name`, { name })));
  numbers
    .command('oba')
    .description('request the Official Business Account (green tick): needs a verified business, a PIN and an approved display name')
    .argument('<id>', 'phone-number id')
    .requiredOption('--website <url>', 'business_website_url')
    .option('--country <country>', 'primary_country_of_operation', 'Indonesia')
    .option('--language <language>', 'primary_language', 'Indonesian')
    .option('--link <url>', 'a supporting link, e.g. a news article (repeat for more)', collect, [])
    .action(async (id: string, options: { website: string; country: string; language: string; link: string[] }) =>
      print(await call('POST', `/admin/phone_numbers/${id}/official_business_account`, { business_website_url: options.website, primary_country_of_operation: options.country, primary_language: options.language, supporting_links: options.link })),
    );
  numbers
    .command('connect')
    .description('operators: take the number through the remaining steps at once (verify, register, approve its reviews)')
    .argument('<id>', 'phone-number id')
    .option('--pin <pin>', 'the 6-digit two-step PIN to register with')
    .action(async (id: string, options: { pin?: string }) => print(await call('POST', `/admin/phone_numbers/${id}/connect`, options.pin === undefined ? {} : { pin: options.pin })));
}

function addSimOnboarding(program: Command): void {
  const sim = program.commands.find((command) => command.name() === 'sim');
  if (sim === undefined) throw new Error('the sim command must be added before the onboarding commands');
  sim
    .command('codes')
    .description('verification codes a business number received by SMS or voice call, newest first')
    .argument('<number>', 'the number (+62811…) or its phone-number id')
    .action(async (number: string) => print(await call('GET', `/sim/codes/${encodeURIComponent(number)}`)));
  sim
    .command('account')
    .description('what WhatsApp account a number has in the simulator: none, personal, business_app or other_provider')
    .argument('<number>', 'the number, e.g. +6281100002222')
    .argument('<account>', 'none (e.g. after deleting the account), personal, business_app or other_provider')
    .option('--no-sms', 'the line cannot receive SMS: codes sent by SMS never arrive')
    .option('--no-voice', 'the line cannot receive calls: codes sent by voice never arrive')
    .action(async (number: string, account: string, options: { sms: boolean; voice: boolean }) => print(await call('POST', `/sim/accounts/${encodeURIComponent(number)}`, { account, sms: options.sms, voice: options.voice })));
  sim
    .command('profile')
    .description("a business number's profile as a customer's phone shows it")
    .argument('<number>', 'the number or its phone-number id')
    .action(async (number: string) => print(await call('GET', `/sim/business-profiles/${encodeURIComponent(number)}`)));
}

export function addOnboardingCommands(program: Command): void {
  addSignup(program);
  addReviews(program);
  addNumbers(program);
  addSimOnboarding(program);
}
