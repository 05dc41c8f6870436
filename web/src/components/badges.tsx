import { Badge } from '@mantine/core';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';

/** Dark enough for white text at badge size (WCAG AA, at least 4.5:1). */
export const badgeColors = { neutral: '#495057', blue: '#0b4f8a', green: '#1b5e20', orange: '#8a3c00', red: '#a51d1d', violet: '#5f3dc4' } as const;

const statusColors: Readonly<Record<string, string>> = {
  accepted: badgeColors.neutral, sent: badgeColors.neutral, delivered: badgeColors.blue, read: badgeColors.green, failed: badgeColors.red, received: badgeColors.violet,
  CONNECTED: badgeColors.green, PENDING: badgeColors.neutral, FLAGGED: badgeColors.orange, RESTRICTED: badgeColors.red, DISCONNECTED: badgeColors.red,
  GREEN: badgeColors.green, YELLOW: badgeColors.orange, RED: badgeColors.red, UNKNOWN: badgeColors.neutral,
  delivered_webhook: badgeColors.green, pending: badgeColors.orange, dead: badgeColors.red,
};

/** A state shown with its word, never with colour alone. */
export function StateBadge({ value, label, text }: { readonly value: string; readonly label?: MessageKey; readonly text?: string }) {
  const { t } = useI18n();
  return (
    <Badge color={statusColors[value] ?? badgeColors.neutral} variant="filled" tt="none">
      {text ?? (label === undefined ? value : t(label))}
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
