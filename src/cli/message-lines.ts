/**
 * The lines a phone draws for one message of the simulator API, by type: a text's body, a media
 * message's file and caption, an interactive message's header, body, footer, buttons and rows, a
 * product card, a contact card, a location, an order, a tapped button.
 */

type Fields = Readonly<Record<string, unknown>>;

const fields = (value: unknown): Fields => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : {});
const list = (value: unknown): Fields[] => (Array.isArray(value) ? value.map(fields) : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);
const present = (...parts: (string | undefined)[]): string[] => parts.filter((part): part is string => part !== undefined);

function money(price: unknown, currency: unknown): string {
  return typeof price === 'number' ? `${text(currency) ?? ''} ${new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 }).format(price)}`.trim() : '';
}

function lines(block: string | undefined): string[] {
  return block === undefined ? [] : block.split('\n');
}

function media(type: string, content: Fields): string[] {
  const label = content['voice'] === true ? 'voice note' : content['animated'] === true ? 'animated sticker' : type;
  const named = text(content['filename']) === undefined ? label : `${label} ${text(content['filename']) ?? ''}`;
  const source = text(content['link']) ?? present(text(content['id']) === undefined ? undefined : `media ${text(content['id']) ?? ''}`, text(content['mime_type'])).join(', ');
  return [`[${named}${source === '' ? '' : `: ${source}`}]`, ...lines(text(content['caption']))];
}

function location(content: Fields): string[] {
  const place = present(text(content['name']), text(content['address'])).join(', ');
  const pin = `(${text(content['latitude']) ?? '?'}, ${text(content['longitude']) ?? '?'})`;
  return [['[location]', ...present(place === '' ? undefined : place), pin].join(' '), ...present(text(content['url']))];
}

function contactCard(card: Fields): string {
  const name = text(fields(card['name'])['formatted_name']) ?? '(no name)';
  const details = [
    ...list(card['phones']).map((phone) => text(phone['phone']) ?? text(phone['wa_id'])),
    ...list(card['emails']).map((email) => text(email['email'])),
    text(fields(card['org'])['company']),
  ];
  return `[contact] ${[name, ...present(...details)].join(' · ')}`;
}

function productLine(card: Fields): string {
  return `${text(card['name']) ?? text(card['product_retailer_id']) ?? '?'} · ${money(card['price'], card['currency'])} (${text(card['product_retailer_id']) ?? '?'})`;
}

/** A button as the phone draws it: what it answers with (its id), or where it leads. */
function buttonLabel(button: Fields): string {
  const title = text(button['title']) ?? '?';
  switch (button['kind']) {
    case 'url':
      return `[${title} ↗] ${text(button['url']) ?? ''}`.trimEnd();
    case 'phone_number':
      return `[${title} ☎] ${text(button['phone_number']) ?? ''}`.trimEnd();
    case 'copy_code':
    case 'otp':
      return `[${title}] ${text(button['code']) ?? ''}`.trimEnd();
    default:
      return `[${title}] (id ${text(button['id']) ?? '?'})`;
  }
}

function buttonsLine(buttons: Fields[]): string {
  return buttons.map(buttonLabel).join('  ');
}

/** What an interactive message's action offers, below its body. */
function offer(content: Fields): string[] {
  switch (content['type']) {
    case 'button':
      return [buttonsLine(list(content['buttons']))];
    case 'list': {
      const listed = fields(content['list']);
      return [
        `≡ ${text(listed['button']) ?? 'List'}`,
        ...list(listed['sections']).flatMap((section) => [
          ...present(text(section['title'])),
          ...list(section['rows']).map((row) => `  • ${[text(row['title']) ?? '?', ...present(text(row['description']))].join(' — ')} (id ${text(row['id']) ?? '?'})`),
        ]),
      ];
    }
    case 'product':
      return [`[product] ${productLine(fields(content['product']))}`];
    case 'product_list':
      return list(content['product_sections']).flatMap((section) => [...present(text(section['title'])), ...list(section['products']).map((card) => `  • ${productLine(card)}`)]);
    case 'catalog_message':
      return [`[View catalog] ${productLine(fields(content['product']))}`];
    case 'cta_url': {
      const cta = fields(content['cta']);
      return [`[${text(cta['display_text']) ?? '?'} ↗] ${text(cta['url']) ?? ''}`];
    }
    case 'flow': {
      const flow = fields(content['flow']);
      const screen = text(fields(flow['flow_action_payload'])['screen']);
      return [`[${text(flow['flow_cta']) ?? '?'}] (flow ${text(flow['flow_id']) ?? text(flow['flow_name']) ?? '?'}${screen === undefined ? '' : `, opens ${screen}`})`];
    }
    case 'location_request_message':
      return ['[Send location]'];
    default:
      return [];
  }
}

/** Header, body and footer, as interactive messages and templates both have them. */
function frame(content: Fields): string[] {
  const header = fields(content['header']);
  const headerLines =
    header['type'] === 'text'
      ? present(text(header['text']))
      : header['type'] === 'location'
        ? location(fields(header['location']))
        : header['type'] === undefined
          ? []
          : media(`${text(header['type']) ?? 'media'} header`, fields(header['media']));
  return [...headerLines, ...lines(text(content['body'])), ...present(text(content['footer']) === undefined ? undefined : `— ${text(content['footer']) ?? ''}`)];
}

function interactive(content: Fields): string[] {
  if (content['type'] === 'button_reply') {
    const reply = fields(content['button_reply']);
    return [`tapped [${text(reply['title']) ?? '?'}] (id ${text(reply['id']) ?? '?'})`];
  }
  if (content['type'] === 'list_reply') {
    const reply = fields(content['list_reply']);
    return [`picked ${[text(reply['title']) ?? '?', ...present(text(reply['description']))].join(' — ')} (id ${text(reply['id']) ?? '?'})`];
  }
  if (content['type'] === 'nfm_reply') {
    const reply = fields(content['nfm_reply']);
    return [`completed the flow: ${text(reply['response_json']) ?? '{}'}`];
  }
  return [...frame(content), ...offer(content)];
}

function order(content: Fields): string[] {
  const items = list(content['product_items']);
  const total = items.reduce((sum, item) => sum + (typeof item['item_price'] === 'number' && typeof item['quantity'] === 'number' ? item['item_price'] * item['quantity'] : 0), 0);
  return [
    '[order]',
    ...items.map((item) => `  ${text(item['quantity']) ?? '?'} × ${text(item['product_retailer_id']) ?? '?'} @ ${money(item['item_price'], item['currency'])}`),
    `  total ${money(total, items[0]?.['currency'])}`,
    ...lines(text(content['text'])),
  ];
}

/** The lines of a message's content, as the phone draws it. */
export function contentLines(message: Fields): string[] {
  const type = text(message['type']) ?? 'text';
  const content = fields(message[type]);
  const referral = fields(message['referral']);
  const from = text(referral['source_url']) === undefined ? [] : [`[from ${text(referral['source_type']) ?? 'ad'} "${text(referral['headline']) ?? ''}" ${text(referral['source_url']) ?? ''}]`];
  switch (type) {
    case 'text':
      return [...from, ...lines(text(content['body']) ?? '')];
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      return [...from, ...media(type, content)];
    case 'location':
      return location(content);
    case 'contacts':
      return list(message['contacts']).map(contactCard);
    case 'reaction':
      return [text(content['emoji']) === undefined ? '[removed a reaction]' : `[reacted ${text(content['emoji']) ?? ''} to an earlier message]`];
    case 'interactive':
      return interactive(content);
    case 'button':
      return [`tapped [${text(content['text']) ?? '?'}] (payload ${text(content['payload']) ?? '?'})`];
    case 'order':
      return order(content);
    case 'unsupported':
      return [`[unsupported message: ${text(content['type']) ?? '?'}]`];
    case 'template': {
      const name = text(fields(content['template'])['name']);
      return [name === undefined ? '[template]' : `[template ${name}]`, ...frame(content), ...(Array.isArray(content['buttons']) ? [buttonsLine(list(content['buttons']))] : [])];
    }
    default:
      return text(content['body']) === undefined ? [`[${type}]`] : lines(text(content['body']));
  }
}

/** A short quote of a message, for the line of a reply that names it. */
export function quote(message: Fields): string {
  const first = contentLines(message)[0] ?? '';
  return first.length > 40 ? `${first.slice(0, 39)}…` : first;
}
