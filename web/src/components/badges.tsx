import { Badge } from '@mantine/core';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';

const statusColors: Readonly<Record<string, string>> = {
  accepted: 'gray.8', sent: 'gray.8', delivered: 'blue.9', read: 'teal.9', failed: 'red.9', received: 'violet.9',
  CONNECTED: 'green.9', PENDING: 'gray.8', FLAGGED: 'orange.9', RESTRICTED: 'red.9', DISCONNECTED: 'red.9',
  GREEN: 'green.9', YELLOW: 'yellow.9', RED: 'red.9', UNKNOWN: 'gray.8',
  delivered_webhook: 'green.9', pending: 'orange.9', dead: 'red.9',
};

/** A state shown with its word, never with colour alone. */
export function StateBadge({ value, label }: { readonly value: string; readonly label?: MessageKey }) {
  const { t } = useI18n();
  return (
    <Badge color={statusColors[value] ?? 'gray.8'} variant="filled" tt="none">
      {label === undefined ? value : t(label)}
    </Badge>
  );
}

/** ✓ sent, ✓✓ delivered, blue ✓✓ read, ✗ failed, as WhatsApp shows them. */
export function Ticks({ status }: { readonly status: string }) {
  const { t } = useI18n();
  const symbol = status === 'read' || status === 'delivered' ? '✓✓' : status === 'failed' ? '✗' : status === 'sent' ? '✓' : '🕓';
  const className = status === 'read' ? 'kabar-tick-read' : status === 'failed' ? 'kabar-tick-failed' : undefined;
  const known = ['accepted', 'sent', 'delivered', 'read', 'failed', 'received'].includes(status);
  return (
    <span className={className} aria-label={known ? t(`status.${status as 'sent'}`) : status} role="img">
      {symbol}
    </span>
  );
}
