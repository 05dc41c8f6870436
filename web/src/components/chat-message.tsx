import { useState } from 'react';
import { Button, Checkbox, Group, NumberInput, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useI18n } from '../i18n/i18n.js';
import { Ticks } from './badges.js';

/** A message as `/sim/users/{wa_id}/messages` shows it: a preview in `text.body` and its content under its type. */
export interface ChatMessage {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly type: string;
  readonly text: { readonly body?: string };
  readonly status: string;
  readonly error_code?: number;
  readonly timestamp: string;
  readonly context?: { readonly id: string };
  readonly reactions?: { readonly user?: string; readonly business?: string };
  readonly [content: string]: unknown;
}

interface Media {
  readonly id?: string;
  readonly link?: string;
  readonly url?: string;
  readonly caption?: string;
  readonly filename?: string;
  readonly mime_type?: string;
}

interface Button {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly url?: string;
  readonly phone_number?: string;
  readonly code?: string;
}

interface Product {
  readonly product_retailer_id: string;
  readonly name: string;
  readonly price: number;
  readonly currency: string;
}

type Header = { readonly type: 'text'; readonly text: string } | { readonly type: 'image' | 'video' | 'document'; readonly media: Media } | { readonly type: 'location'; readonly location: Record<string, unknown> };

interface Interactive {
  readonly type: string;
  readonly header?: Header;
  readonly body?: string | { readonly text?: string };
  readonly footer?: string | { readonly text?: string };
  readonly buttons?: readonly Button[];
  readonly list?: { readonly button: string; readonly sections: readonly { readonly title?: string; readonly rows: readonly { readonly id: string; readonly title: string; readonly description?: string }[] }[] };
  readonly product?: Product;
  readonly product_sections?: readonly { readonly title?: string; readonly products: readonly Product[] }[];
  readonly cta?: { readonly display_text: string; readonly url: string };
  readonly button_reply?: { readonly id: string; readonly title: string };
  readonly nfm_reply?: { readonly name: string; readonly body: string; readonly response_json: string };
  readonly list_reply?: { readonly id: string; readonly title: string; readonly description?: string };
}

/** What the user can do with a message they received: tap one of its buttons or rows, or order from it. */
export interface PhoneActions {
  tap(messageId: string, replyId: string): void;
  order(messageId: string, items: readonly { readonly product_retailer_id: string; readonly quantity: number }[]): void;
  readonly busy: boolean;
}

const mediaTypes = ['image', 'video', 'audio', 'document', 'sticker'] as const;
type MediaType = (typeof mediaTypes)[number];

function textOf(value: string | { readonly text?: string } | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.text;
}

/** Where the console reads a media file of its own business (the session's cookie goes along). */
const consoleMediaPath = (id: string): string => `/admin/media/${encodeURIComponent(id)}`;

function MediaBox({ type, media }: { readonly type: MediaType | 'image' | 'video' | 'document'; readonly media: Media }) {
  const { t } = useI18n();
  const source = media.link ?? media.url ?? (media.id === undefined ? undefined : consoleMediaPath(media.id));
  const label = t(`phone.media.${type}`);
  const picture = (type === 'image' || type === 'sticker') && source !== undefined;
  return (
    <div className="kabar-media" data-media={type}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      {picture ? <img className="kabar-media-image" src={source} alt={media.caption ?? label} loading="lazy" /> : null}
      {type === 'document' && source !== undefined ? (
        <a href={source} download={media.filename ?? ''} className="kabar-media-file">
          {t('phone.documentNamed', { name: media.filename ?? t('phone.media.document') })}
        </a>
      ) : media.filename === undefined ? null : (
        <Text size="sm">{media.filename}</Text>
      )}
      {picture || type === 'document' ? null : source === undefined ? (
        media.id === undefined ? null : <Text size="xs">{t('phone.mediaId', { id: media.id })}</Text>
      ) : (
        <a href={source} target="_blank" rel="noreferrer noopener">
          {t('phone.openMedia')}
        </a>
      )}
    </div>
  );
}

function HeaderView({ header }: { readonly header: Header }) {
  if (header.type === 'text') return <Text fw={700}>{header.text}</Text>;
  if (header.type === 'location') return <LocationView location={header.location} />;
  return <MediaBox type={header.type} media={header.media} />;
}

function LocationView({ location }: { readonly location: Record<string, unknown> }) {
  const { t } = useI18n();
  const name = typeof location['name'] === 'string' ? location['name'] : undefined;
  const address = typeof location['address'] === 'string' ? location['address'] : undefined;
  return (
    <div className="kabar-media" data-media="location">
      <Text size="sm" fw={600}>
        📍 {name ?? t('phone.location')}
      </Text>
      {address === undefined ? null : <Text size="sm">{address}</Text>}
      <Text size="xs">
        {String(location['latitude'])}, {String(location['longitude'])}
      </Text>
    </div>
  );
}

function money(format: ReturnType<typeof useI18n>['format'], product: Product): string {
  try {
    return format.money(product.price, product.currency);
  } catch {
    return `${product.currency} ${product.price}`;
  }
}

/** A product the business sent, with an order button, or a list of them to pick from. */
function Products({ message, products, actions, incoming }: { readonly message: ChatMessage; readonly products: readonly Product[]; readonly actions: PhoneActions | undefined; readonly incoming: boolean }) {
  const { t, format } = useI18n();
  const [picked, setPicked] = useState<Readonly<Record<string, number>>>(products.length === 1 && products[0] !== undefined ? { [products[0].product_retailer_id]: 1 } : {});
  const items = Object.entries(picked)
    .filter(([, quantity]) => quantity > 0)
    .map(([id, quantity]) => ({ product_retailer_id: id, quantity }));
  return (
    <Stack gap={4} mt={4}>
      {products.map((product) => {
        const quantity = picked[product.product_retailer_id] ?? 0;
        return (
          <Group key={product.product_retailer_id} gap="xs" wrap="nowrap" justify="space-between" className="kabar-product">
            <div>
              <Text size="sm" fw={600}>
                {product.name}
              </Text>
              <Text size="xs">{money(format, product)}</Text>
            </div>
            {incoming && actions !== undefined ? (
              products.length === 1 ? (
                <NumberInput
                  aria-label={t('phone.quantityOf', { name: product.name })}
                  min={1}
                  max={99}
                  w={70}
                  size="xs"
                  value={quantity}
                  onChange={(value) => setPicked({ ...picked, [product.product_retailer_id]: typeof value === 'number' ? value : 1 })}
                />
              ) : (
                <Checkbox
                  aria-label={t('phone.pickProduct', { name: product.name })}
                  checked={quantity > 0}
                  onChange={(event) => setPicked({ ...picked, [product.product_retailer_id]: event.currentTarget.checked ? 1 : 0 })}
                />
              )
            ) : null}
          </Group>
        );
      })}
      {incoming && actions !== undefined ? (
        <Button size="xs" variant="white" className="kabar-phone-button" disabled={items.length === 0 || actions.busy} onClick={() => actions.order(message.id, items)}>
          {t('phone.order', { count: items.reduce((total, item) => total + item.quantity, 0) })}
        </Button>
      ) : null}
    </Stack>
  );
}

function ButtonsView({ message, buttons, actions }: { readonly message: ChatMessage; readonly buttons: readonly Button[]; readonly actions: PhoneActions | undefined }) {
  const { t } = useI18n();
  return (
    <Stack gap={4} mt={6}>
      {buttons.map((button) => {
        if (button.kind === 'url' && button.url !== undefined) {
          return (
            <a key={button.id} className="kabar-phone-link" href={button.url} target="_blank" rel="noreferrer noopener">
              ↗ {button.title}
            </a>
          );
        }
        if (button.kind === 'phone_number') {
          return (
            <Text key={button.id} size="sm" ta="center" className="kabar-phone-link">
              📞 {button.title} {button.phone_number ?? ''}
            </Text>
          );
        }
        if (button.kind === 'copy_code' || button.kind === 'otp') {
          return (
            <Text key={button.id} size="sm" ta="center" className="kabar-phone-link">
              {button.title}
              {button.code === undefined ? '' : `: ${button.code}`}
            </Text>
          );
        }
        return (
          <Button
            key={button.id}
            size="xs"
            variant="white"
            className="kabar-phone-button"
            disabled={actions === undefined || actions.busy}
            onClick={() => actions?.tap(message.id, button.id)}
            aria-label={t('phone.tapNamed', { title: button.title })}
          >
            {button.title}
          </Button>
        );
      })}
    </Stack>
  );
}

function ListView({ message, list, actions }: { readonly message: ChatMessage; readonly list: NonNullable<Interactive['list']>; readonly actions: PhoneActions | undefined }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <Stack gap={4} mt={6}>
      <Button size="xs" variant="white" className="kabar-phone-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        ☰ {list.button}
      </Button>
      {open ? (
        <div role="group" aria-label={list.button}>
          {list.sections.map((section, index) => (
            <div key={`${section.title ?? ''}-${index}`}>
              {section.title === undefined ? null : (
                <Text size="xs" fw={700} mt={4}>
                  {section.title}
                </Text>
              )}
              {section.rows.map((row) => (
                <Button
                  key={row.id}
                  fullWidth
                  justify="flex-start"
                  variant="subtle"
                  size="compact-sm"
                  h="auto"
                  py={4}
                  disabled={actions === undefined || actions.busy}
                  onClick={() => {
                    setOpen(false);
                    actions?.tap(message.id, row.id);
                  }}
                  aria-label={t('phone.pickRow', { title: row.title })}
                >
                  <span style={{ textAlign: 'left', whiteSpace: 'normal' }}>
                    {row.title}
                    {row.description === undefined ? null : <span className="kabar-row-description">{row.description}</span>}
                  </span>
                </Button>
              ))}
            </div>
          ))}
        </div>
      ) : null}
    </Stack>
  );
}

/** The content of one message as a phone draws it. */
function Content({ message, actions }: { readonly message: ChatMessage; readonly actions: PhoneActions | undefined }) {
  const { t } = useI18n();
  const incoming = message.direction === 'outbound';
  const preview = message.text.body ?? '';
  if ((mediaTypes as readonly string[]).includes(message.type)) {
    const media = (message[message.type] ?? {}) as Media;
    return (
      <>
        <MediaBox type={message.type as MediaType} media={media} />
        {media.caption === undefined || media.caption === '' ? null : <div className="kabar-bubble-text">{media.caption}</div>}
      </>
    );
  }
  if (message.type === 'location') return <LocationView location={(message['location'] ?? {}) as Record<string, unknown>} />;
  if (message.type === 'contacts') {
    const cards = (message['contacts'] ?? []) as readonly { readonly name?: { readonly formatted_name?: string }; readonly phones?: readonly { readonly phone?: string }[] }[];
    return (
      <div className="kabar-media" data-media="contacts">
        {cards.map((card, index) => (
          <Text key={index} size="sm">
            👤 {card.name?.formatted_name ?? t('phone.contactCard')} {card.phones?.[0]?.phone ?? ''}
          </Text>
        ))}
      </div>
    );
  }
  if (message.type === 'order') {
    const order = (message['order'] ?? {}) as { readonly text?: string; readonly product_items?: readonly { readonly product_retailer_id: string; readonly quantity: number }[] };
    return (
      <div className="kabar-media" data-media="order">
        <Text size="sm" fw={600}>
          🛒 {t('phone.orderSent', { count: (order.product_items ?? []).reduce((total, item) => total + item.quantity, 0) })}
        </Text>
        {(order.product_items ?? []).map((item) => (
          <Text size="xs" key={item.product_retailer_id}>
            {item.quantity} × {item.product_retailer_id}
          </Text>
        ))}
        {order.text === undefined ? null : <div className="kabar-bubble-text">{order.text}</div>}
      </div>
    );
  }
  if (message.type === 'template') {
    const template = (message['template'] ?? {}) as { readonly header?: Header; readonly body?: string; readonly footer?: string; readonly buttons?: readonly Button[]; readonly template?: { readonly name?: string } };
    return (
      <>
        {template.header === undefined ? null : <HeaderView header={template.header} />}
        <div className="kabar-bubble-text">{template.body ?? preview}</div>
        {template.footer === undefined ? null : <Text size="xs" className="kabar-bubble-footer">{template.footer}</Text>}
        {template.buttons === undefined || template.buttons.length === 0 ? null : <ButtonsView message={message} buttons={template.buttons} actions={incoming ? actions : undefined} />}
      </>
    );
  }
  if (message.type === 'interactive') {
    const interactive = (message['interactive'] ?? {}) as Interactive;
    if (interactive.button_reply !== undefined || interactive.list_reply !== undefined) {
      const reply = interactive.button_reply ?? interactive.list_reply;
      return <div className="kabar-bubble-text">{reply?.title ?? preview}</div>;
    }
    if (interactive.nfm_reply !== undefined) {
      return (
        <>
          <div className="kabar-bubble-text">{interactive.nfm_reply.body}</div>
          <Text size="xs" className="kabar-bubble-footer">{interactive.nfm_reply.response_json}</Text>
        </>
      );
    }
    const products = interactive.product !== undefined ? [interactive.product] : (interactive.product_sections ?? []).flatMap((section) => section.products);
    const body = textOf(interactive.body);
    const footer = textOf(interactive.footer);
    return (
      <>
        {interactive.header === undefined ? null : <HeaderView header={interactive.header} />}
        {body === undefined ? null : <div className="kabar-bubble-text">{body}</div>}
        {footer === undefined ? null : <Text size="xs" className="kabar-bubble-footer">{footer}</Text>}
        {interactive.buttons === undefined || interactive.buttons.length === 0 ? null : <ButtonsView message={message} buttons={interactive.buttons} actions={incoming ? actions : undefined} />}
        {interactive.list === undefined ? null : <ListView message={message} list={interactive.list} actions={incoming ? actions : undefined} />}
        {products.length === 0 ? null : <Products message={message} products={products} actions={actions} incoming={incoming} />}
        {interactive.cta === undefined ? null : (
          <a className="kabar-phone-link" href={interactive.cta.url} target="_blank" rel="noreferrer noopener">
            ↗ {interactive.cta.display_text}
          </a>
        )}
      </>
    );
  }
  return <div className="kabar-bubble-text">{preview}</div>;
}

/** One message in the chat, on the side the phone puts it, with its time, ticks and reactions. */
export function ChatBubble({ message, actions }: { readonly message: ChatMessage; readonly actions?: PhoneActions }) {
  const { t, format } = useI18n();
  const side = message.direction === 'inbound' ? 'user' : 'business';
  const reactions = Object.values(message.reactions ?? {}).filter((emoji) => emoji !== undefined && emoji !== '');
  return (
    <li className="kabar-bubble" data-side={side} data-status={message.status} data-type={message.type}>
      <VisuallyHidden>{side === 'user' ? t('simulator.fromUser') : t('simulator.fromBusiness')}: </VisuallyHidden>
      {message.context === undefined ? null : <Text size="xs" className="kabar-bubble-quote">{t('phone.inReply')}</Text>}
      <Content message={message} actions={actions} />
      <span className="kabar-bubble-meta">
        {format.time(message.timestamp)} {side === 'business' ? <Ticks status={message.status} /> : null}
      </span>
      {reactions.length === 0 ? null : (
        <span className="kabar-reactions" aria-label={t('phone.reactions', { emoji: reactions.join(' ') })}>
          {reactions.join(' ')}
        </span>
      )}
    </li>
  );
}
