/**
 * What a simulated user does with what the business sent (`kabar sim tap|pick|react|order`), what
 * else they can send (`kabar sim send --location|--contact|--unsupported|--referral`), and the
 * product catalog of a WABA (`kabar catalog list|add|remove`).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { decodeWamid } from '../wire/index.js';
import { CommandError } from './cli.errors.js';
import { connection } from './config.js';
import { call, print } from './http.js';

/** The user a wamid belongs to: every wamid names the user's side of the conversation. */
function userOf(wamid: string): string {
  const parts = decodeWamid(wamid);
  if (parts === undefined) throw new CommandError(`'${wamid}' is not a wamid: copy the id of a message from kabar sim inbox --json or from a webhook.`);
  return parts.waId;
}

function flowData(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('expected a JSON object, e.g. \'{"name":"Sari"}\'');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidArgumentError('expected a JSON object, e.g. \'{"name":"Sari"}\'');
  return parsed as Record<string, unknown>;
}

function coordinates(value: string): [number, number] {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(value);
  if (match === null) throw new InvalidArgumentError('expected latitude,longitude, as -6.2088,106.8456');
  return [Number(match[1]), Number(match[2])];
}

function contact(value: string, previous: { name: string; phone?: string }[] = []): { name: string; phone?: string }[] {
  const [name = '', phone] = value.split(',').map((part) => part.trim());
  if (name === '') throw new InvalidArgumentError('expected a name, or name,phone, as "Budi Santoso,+6281111112222"');
  return [...previous, { name, ...(phone === undefined || phone === '' ? {} : { phone }) }];
}

/** `kopi-gayo-250:2` → two of kopi-gayo-250; a retailer id alone is one. */
function orderItem(value: string): { product_retailer_id: string; quantity: number } {
  const match = /^(.+?)(?::(\d+))?$/.exec(value.trim());
  const quantity = Number(match?.[2] ?? '1');
  if (match?.[1] === undefined || quantity < 1) throw new InvalidArgumentError('expected retailer-id or retailer-id:quantity, as kopi-gayo-250:2');
  return { product_retailer_id: match[1], quantity };
}

export interface SendOptions {
  readonly to?: string;
  readonly name?: string;
  readonly replyTo?: string;
  readonly location?: [number, number];
  readonly place?: string;
  readonly address?: string;
  readonly contact?: { name: string; phone?: string }[];
  readonly unsupported?: string;
  readonly referral?: string;
  readonly headline?: string;
  readonly adBody?: string;
}

/** The `send` options for the kinds of message besides text, added to `kabar sim send`. */
export function addSendOptions(send: Command): Command {
  return send
    .option('--location <lat,long>', 'send a location instead of text, e.g. -6.2088,106.8456', coordinates)
    .option('--place <name>', 'the name of the --location')
    .option('--address <address>', 'the address of the --location')
    .option('--contact <name,phone>', 'send a contact card instead of text (repeat for several)', contact)
    .option('--unsupported <type>', 'send a message the Cloud API does not support, e.g. poll_creation')
    .option('--referral <source-url>', 'the text comes from a click-to-WhatsApp ad at this URL (a referral)')
    .option('--headline <text>', "the ad's headline, with --referral")
    .option('--ad-body <text>', "the ad's text, with --referral");
}

/** The simulator API body for `kabar sim send`: text, or the kind its options name. */
export function userMessageBody(text: string | undefined, options: SendOptions): Record<string, unknown> {
  const to = options.to ?? connection().demo?.phoneNumberId;
  const kinds = [text !== undefined, options.location !== undefined, options.contact !== undefined, options.unsupported !== undefined].filter(Boolean).length;
  if (kinds !== 1) throw new CommandError('say what the user sends: a text, or one of --location, --contact, --unsupported.');
  return {
    ...(to === undefined ? {} : { to }),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.replyTo === undefined ? {} : { context: options.replyTo }),
    ...(text === undefined ? {} : { text }),
    ...(options.location === undefined
      ? {}
      : { location: { latitude: options.location[0], longitude: options.location[1], ...(options.place === undefined ? {} : { name: options.place }), ...(options.address === undefined ? {} : { address: options.address }) } }),
    ...(options.contact === undefined
      ? {}
      : {
          contacts: (options.contact ?? []).map((card) => {
            const [given = card.name, ...rest] = card.name.split(' ');
            return { name: { formatted_name: card.name, first_name: given, ...(rest.length === 0 ? {} : { last_name: rest.join(' ') }) }, ...(card.phone === undefined ? {} : { phones: [{ phone: card.phone, type: 'CELL' }] }) };
          }),
        }),
    ...(options.unsupported === undefined ? {} : { unsupported: { type: options.unsupported } }),
    ...(options.referral === undefined
      ? {}
      : { referral: { source_url: options.referral, ...(options.headline === undefined ? {} : { headline: options.headline }), ...(options.adBody === undefined ? {} : { body: options.adBody }) } }),
  };
}

export function addUserActionCommands(sim: Command): void {
  const tap = (wamid: string, id: string): Promise<void> => call('POST', `/sim/users/${userOf(wamid)}/tap`, { message_id: wamid, id }).then(print);
  sim
    .command('tap')
    .description("the user taps a reply button (or a template's quick-reply button) of a message they received; the business gets the reply")
    .argument('<wamid>', 'the message with the button')
    .argument('<button-id>', "the button's id, as kabar sim inbox shows it")
    .action(tap);
  sim
    .command('pick')
    .description('the user picks a row of a list message they received; the business gets a list_reply')
    .argument('<wamid>', 'the list message')
    .argument('<row-id>', "the row's id, as kabar sim inbox shows it")
    .action(tap);
  sim
    .command('scan')
    .description('the user scans a QR code of a business number (or opens its wa.me/message link) and sends its prefilled text')
    .argument('<code>', 'the code, or its https://wa.me/message/… link')
    .requiredOption('--from <waId>', "the user's phone number, e.g. 15550100001")
    .option('--text <text>', 'what the user sends instead of the prefilled text (the user edited it)')
    .option('--name <name>', "the user's profile name")
    .action(async (code: string, options: { from: string; text?: string; name?: string }) =>
      print(
        await call('POST', `/sim/users/${encodeURIComponent(options.from)}/scan`, {
          code,
          ...(options.text === undefined ? {} : { text: options.text }),
          ...(options.name === undefined ? {} : { name: options.name }),
        }),
      ),
    );
  sim
    .command('flow')
    .description('the user completes the flow of a flow message they received; the business gets an nfm_reply with the flow_token and the data')
    .argument('<wamid>', 'the flow message')
    .option('--data <json>', 'what the user entered, as a JSON object, e.g. \'{"name":"Sari","slot":"10:00"}\'', flowData, {})
    .action(async (wamid: string, options: { data: Record<string, unknown> }) => print(await call('POST', `/sim/users/${userOf(wamid)}/flow`, { message_id: wamid, data: options.data })));
  sim
    .command('react')
    .description('the user reacts to a message of the conversation with an emoji ("" takes the reaction back)')
    .argument('<wamid>', 'the message reacted to')
    .argument('<emoji>', 'one emoji, or "" to remove the reaction')
    .action(async (wamid: string, emoji: string) => print(await call('POST', `/sim/users/${userOf(wamid)}/react`, { message_id: wamid, emoji })));
  sim
    .command('order')
    .description('the user sends a cart from a product, multi-product or catalog message they received; the business gets an order')
    .argument('<wamid>', 'the product message')
    .argument('<items...>', 'retailer-id or retailer-id:quantity, e.g. kopi-gayo-250:2 keripik-tempe')
    .option('--text <text>', 'a note with the order')
    .action(async (wamid: string, items: string[], options: { text?: string }) =>
      print(await call('POST', `/sim/users/${userOf(wamid)}/order`, { message_id: wamid, items: items.map(orderItem), ...(options.text === undefined ? {} : { text: options.text }) })),
    );
}

function wabaOf(option: string | undefined): string {
  const waba = option ?? connection().demo?.wabaId;
  if (waba === undefined) throw new CommandError('say which WABA with --waba <id>: there is no demo.json to take the demo WABA from.');
  return waba;
}

function price(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('expected a price of at least 0, in major units, as 85000 or 7.99');
  return parsed;
}

export function addCatalogCommands(program: Command): void {
  const catalog = program.command('catalog').description("a WABA's product catalog (the demo WABA unless --waba)");
  catalog
    .command('list')
    .description('the catalog and its products')
    .option('--waba <id>', 'the WABA')
    .action(async (options: { waba?: string }) => print(await call('GET', `/admin/wabas/${wabaOf(options.waba)}/catalog`)));
  catalog
    .command('add')
    .description('add a product, or replace the one with the same retailer id (the first product connects a catalog to the WABA)')
    .argument('<retailer-id>', "the business's own id of the product, e.g. kopi-gayo-250")
    .requiredOption('--name <name>', 'the product name')
    .requiredOption('--price <price>', 'the price in major units, e.g. 85000', price)
    .requiredOption('--currency <code>', 'ISO 4217, e.g. IDR')
    .option('--image <url>', 'the image URL')
    .option('--description <text>', 'a description')
    .option('--waba <id>', 'the WABA')
    .action(async (retailerId: string, options: { name: string; price: number; currency: string; image?: string; description?: string; waba?: string }) =>
      print(
        await call('POST', `/admin/wabas/${wabaOf(options.waba)}/catalog/products`, {
          retailer_id: retailerId,
          name: options.name,
          price: options.price,
          currency: options.currency,
          ...(options.image === undefined ? {} : { image_url: options.image }),
          ...(options.description === undefined ? {} : { description: options.description }),
        }),
      ),
    );
  catalog
    .command('remove')
    .description('take a product out of the catalog')
    .argument('<retailer-id>', 'the product')
    .option('--waba <id>', 'the WABA')
    .action(async (retailerId: string, options: { waba?: string }) => print(await call('DELETE', `/admin/wabas/${wabaOf(options.waba)}/catalog/products/${encodeURIComponent(retailerId)}`)));
}
