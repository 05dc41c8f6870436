/** `kabar contacts …` and `kabar consent …`: the CRM's contacts, imports and opt-in ledger over the admin API. */
import { InvalidArgumentError, type Command } from 'commander';
import { CommandError } from './cli.errors.js';
import { call, print } from './http.js';
import { connection } from './config.js';
import { integer } from './option-parsers.js';
import { download, saveErrors, uploadImport } from './contacts-upload.js';

function businessOf(options: { business?: string }): string {
  const business = options.business ?? connection().demo?.businessId;
  if (business === undefined) throw new CommandError('say which business: --business <id> (the demo business is used when Kabar runs with its demo.json).');
  return business;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function category(value: string): string {
  if (value !== 'marketing' && value !== 'utility') throw new InvalidArgumentError('expected marketing or utility');
  return value;
}

function onOff(value: string): boolean {
  if (value !== 'on' && value !== 'off') throw new InvalidArgumentError('expected on or off');
  return value === 'on';
}

function query(values: Readonly<Record<string, string | number | undefined>>): string {
  const entries = Object.entries(values).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)] as [string, string]]));
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
}

export function addContactsCommands(program: Command): void {
  const contacts = program.command('contacts').description("the CRM's contacts: search, add, import from CSV, export, check numbers");
  contacts
    .command('list')
    .description('search contacts by the start of a name, a number prefix (0812…, +62 812…) or a tag')
    .option('--business <id>', 'business id (default: the demo business)')
    .option('--q <text>', 'a name or a number')
    .option('--tag <tag>', 'only contacts with this tag')
    .option('--limit <n>', 'how many', integer)
    .option('--after <cursor>', 'the next page (paging.after of the previous answer)')
    .action(async (options: { business?: string; q?: string; tag?: string; limit?: number; after?: string }) => {
      print(await call('GET', `/admin/businesses/${businessOf(options)}/contacts${query({ q: options.q, tag: options.tag, limit: options.limit, after: options.after })}`));
    });
  contacts
    .command('add')
    .description('add a contact; a number the business has already merges into that contact')
    .argument('<phone>', 'the number as written: 0812…, +62 812-…, 62812…')
    .option('--business <id>', 'business id (default: the demo business)')
    .option('--name <name>', 'name')
    .option('--tag <tag>', 'a tag (repeat for more)', collect)
    .action(async (phone: string, options: { business?: string; name?: string; tag?: string[] }) => {
      print(await call('POST', `/admin/businesses/${businessOf(options)}/contacts`, { phone, ...(options.name === undefined ? {} : { name: options.name }), ...(options.tag === undefined ? {} : { tags: options.tag }) }));
    });
  contacts
    .command('import')
    .summary('import contacts from a CSV file, with a progress bar')
    .description(
      'Import contacts from a CSV file: the encoding and the delimiter are detected, the phone, name and tags columns are found by their headers ' +
        '(or named with --phone-column, --name-column, --tags-column) and every other column becomes an attribute. Rows that cannot be imported ' +
        '(invalid number, duplicate in the file, number already a contact) are reported; running the same file again changes nothing.',
    )
    .argument('<file>', 'the CSV file')
    .option('--business <id>', 'business id (default: the demo business)')
    .option('--phone-column <header>', 'the column holding the number')
    .option('--name-column <header>', 'the column holding the name')
    .option('--tags-column <header>', 'the column holding tags (separated by , ; or |)')
    .option('--tag <tag>', 'a tag for every imported contact (repeat for more)', collect)
    .option('--country <code>', 'read national numbers (0812…) in this region, e.g. ID (default: the business setting)')
    .option('--merge', 'merge rows into contacts that already have the number, instead of reporting them')
    .option('--verify', 'check every number for WhatsApp first; numbers without it are reported, not imported')
    .option('--errors <file>', 'write the rows that were not imported to this CSV file')
    .option('--json', 'print the finished job as JSON')
    .action(
      async (
        file: string,
        options: { business?: string; phoneColumn?: string; nameColumn?: string; tagsColumn?: string; tag?: string[]; country?: string; merge?: boolean; verify?: boolean; errors?: string; json?: boolean },
      ) => {
        const business = businessOf(options);
        const mapping = { ...(options.phoneColumn === undefined ? {} : { phone: options.phoneColumn }), ...(options.nameColumn === undefined ? {} : { name: options.nameColumn }), ...(options.tagsColumn === undefined ? {} : { tags: options.tagsColumn }) };
        const job = await uploadImport(
          business,
          file,
          { mapping, on_existing: options.merge === true ? 'merge' : 'skip', verify: options.verify === true, ...(options.tag === undefined ? {} : { tags: options.tag }), ...(options.country === undefined ? {} : { default_country: options.country.toUpperCase() }) },
          process.stderr.isTTY && options.json !== true,
        );
        if (options.errors !== undefined && job.failed > 0) await saveErrors(business, job.id, options.errors);
        if (options.json === true) print(job);
        else {
          process.stdout.write(`import ${job.id} ${job.status}: ${job.rows_read} rows, ${job.created} new, ${job.merged} merged, ${job.unchanged} unchanged, ${job.failed} not imported\n`);
          if (job.error !== null) process.stdout.write(`${job.error}\n`);
          if (job.failed > 0) process.stdout.write(options.errors === undefined ? `see why: kabar contacts import-errors ${job.id} (or --errors <file> next time)\n` : `rows not imported: ${options.errors}\n`);
        }
        if (job.status === 'failed') process.exitCode = 1;
      },
    );
  contacts
    .command('import-errors')
    .description('the rows of an import that did not become contacts, and why (CSV)')
    .argument('<importId>', 'the import id')
    .option('--business <id>', 'business id (default: the demo business)')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (importId: string, options: { business?: string; out?: string }) => download(`/admin/businesses/${businessOf(options)}/contacts/imports/${importId}/errors.csv`, options.out));
  contacts
    .command('export')
    .description('every contact as CSV')
    .option('--business <id>', 'business id (default: the demo business)')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (options: { business?: string; out?: string }) => download(`/admin/businesses/${businessOf(options)}/contacts/export.csv`, options.out));
  contacts
    .command('verify')
    .description('check numbers for WhatsApp (counts toward the anti-abuse limit until you message them)')
    .argument('<numbers...>', 'numbers as written')
    .option('--business <id>', 'business id (default: the demo business)')
    .option('--force', 'check again even when a recent answer is known')
    .action(async (numbers: string[], options: { business?: string; force?: boolean }) => {
      print(await call('POST', `/admin/businesses/${businessOf(options)}/contacts/verify`, { numbers, force_check: options.force === true }));
    });
  contacts
    .command('acknowledge')
    .description("accept a contact's new identity (after a reinstall or a new owner) so that the CRM may message it again")
    .argument('<contactId>', 'the contact id')
    .option('--business <id>', 'business id (default: the demo business)')
    .action(async (contactId: string, options: { business?: string }) => print(await call('POST', `/admin/businesses/${businessOf(options)}/contacts/${contactId}/identity/acknowledge`)));
  contacts
    .command('history')
    .description("a contact's history: created, merged, number and identity changes")
    .argument('<contactId>', 'the contact id')
    .option('--business <id>', 'business id (default: the demo business)')
    .action(async (contactId: string, options: { business?: string }) => print(await call('GET', `/admin/businesses/${businessOf(options)}/contacts/${contactId}/history`)));

  const consent = program.command('consent').description('the opt-in ledger: opt-ins, withdrawals, opt-in links and QR codes, the opt-in checks');
  consent
    .command('opt-in')
    .description('record an opt-in (appended to the ledger)')
    .argument('<phone>', 'the number as written')
    .requiredOption('--source <source>', 'ivr, web_form, ad, link, qr_code or whatsapp_thread')
    .requiredOption('--text <consentText>', 'what the person agreed to')
    .option('--category <category>', 'marketing or utility (repeat for both; default marketing)', (value: string, previous: string[] = []) => [...previous, category(value)])
    .option('--business <id>', 'business id (default: the demo business)')
    .action(async (phone: string, options: { source: string; text: string; category?: string[]; business?: string }) => {
      print(await call('POST', `/admin/businesses/${businessOf(options)}/consent/opt-ins`, { phone, categories: options.category ?? ['marketing'], source: options.source, consent_text: options.text }));
    });
  consent
    .command('opt-out')
    .description('record a withdrawal (every category unless --category)')
    .argument('<phone>', 'the number as written')
    .option('--category <category>', 'marketing or utility (repeat for both)', (value: string, previous: string[] = []) => [...previous, category(value)])
    .option('--business <id>', 'business id (default: the demo business)')
    .action(async (phone: string, options: { category?: string[]; business?: string }) => {
      print(await call('POST', `/admin/businesses/${businessOf(options)}/consent/opt-outs`, { phone, ...(options.category === undefined ? {} : { categories: options.category }) }));
    });
  consent
    .command('status')
    .description("a number's consent in force and its ledger")
    .argument('<phone>', 'the number as written')
    .option('--business <id>', 'business id (default: the demo business)')
    .action(async (phone: string, options: { business?: string }) => {
      const business = businessOf(options);
      const status = await call('GET', `/admin/businesses/${business}/consent/status${query({ phone })}`);
      const ledger = await call('GET', `/admin/businesses/${business}/consent/ledger${query({ phone })}`);
      print({ status, ledger: (ledger as { data: unknown }).data });
    });
  consent
    .command('link')
    .description('a wa.me link (and QR code) whose prefilled text records an opt-in when the user sends it')
    .requiredOption('--text <consentText>', 'what the person agrees to')
    .option('--category <category>', 'marketing or utility (repeat for both; default marketing)', (value: string, previous: string[] = []) => [...previous, category(value)])
    .option('--prefilled <text>', 'the text WhatsApp prefills (the link token is appended)')
    .option('--number <phoneNumberId>', 'the business phone number (default: the demo number)')
    .option('--qr <file>', 'also write the QR code: a .png or .svg file')
    .option('--business <id>', 'business id (default: the demo business)')
    .action(async (options: { text: string; category?: string[]; prefilled?: string; number?: string; qr?: string; business?: string }) => {
      const business = businessOf(options);
      const phoneNumberId = options.number ?? connection().demo?.phoneNumberId;
      if (phoneNumberId === undefined) throw new CommandError('say which business number the link opens: --number <phone-number id>.');
      const link = (await call('POST', `/admin/businesses/${business}/consent/links`, {
        phone_number_id: phoneNumberId,
        categories: options.category ?? ['marketing'],
        consent_text: options.text,
        source: options.qr === undefined ? 'link' : 'qr_code',
        ...(options.prefilled === undefined ? {} : { prefilled_text: options.prefilled }),
      })) as { qr_svg: string; qr_png: string };
      if (options.qr !== undefined) await download(options.qr.endsWith('.svg') ? link.qr_svg : link.qr_png, options.qr);
      print(link);
    });
  consent
    .command('settings')
    .description('the opt-in checks and the opt-out keywords of a business')
    .option('--graph-check <on|off>', 'refuse templates without a matching opt-in on the Graph API (default off, as Meta)', onOff)
    .option('--crm-check <on|off>', "the same for the CRM's own sends (default on)", onOff)
    .option('--keyword <word>', 'an opt-out keyword (repeat; replaces STOP and BERHENTI)', collect)
    .option('--business <id>', 'business id (default: the demo business)')
    .action(async (options: { graphCheck?: boolean; crmCheck?: boolean; keyword?: string[]; business?: string }) => {
      const change = { ...(options.graphCheck === undefined ? {} : { graph_opt_in_check: options.graphCheck }), ...(options.crmCheck === undefined ? {} : { crm_opt_in_check: options.crmCheck }), ...(options.keyword === undefined ? {} : { opt_out_keywords: options.keyword }) };
      const path = `/admin/businesses/${businessOf(options)}/consent/settings`;
      print(Object.keys(change).length === 0 ? await call('GET', path) : await call('POST', path, change));
    });

  const user = program.commands.find((command) => command.name() === 'sim')?.commands.find((command) => command.name() === 'user');
  if (user === undefined) return;
  user
    .command('reinstall')
    .description('the user reinstalls WhatsApp: a new identity key (businesses with the identity check get customer_identity_changed)')
    .argument('<waId>', "the user's wa_id")
    .action(async (waId: string) => print(await call('POST', `/sim/users/${waId}/reinstall`)));
  user
    .command('change-number')
    .description('the user moves to a new number (businesses in touch get user_changed_number; CRM contacts follow)')
    .argument('<waId>', "the user's current wa_id")
    .argument('<newWaId>', 'the new number')
    .action(async (waId: string, newWaId: string) => print(await call('POST', `/sim/users/${waId}/change-number`, { new_wa_id: newWaId })));
}
