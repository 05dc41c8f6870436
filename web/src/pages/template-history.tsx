/**
 * A template's history as Kabar keeps it: each version of its content (created, edited) and each
 * decision about its status, newest first, with who made it and when; each version's content and
 * what changed from the version before.
 */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Drawer, Group, Paper, Stack, Text, VisuallyHidden } from '@mantine/core';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { StateBadge } from '../components/badges.js';
import { ErrorState, Loading } from '../components/states.js';

export const templateStatusColors: Readonly<Record<string, string>> = { APPROVED: 'CONNECTED', PENDING: 'PENDING', REJECTED: 'RESTRICTED', PAUSED: 'FLAGGED', DISABLED: 'DISCONNECTED', FLAGGED: 'FLAGGED' };

interface HistoryComponent {
  readonly type: string;
  readonly format?: string;
  readonly text?: string;
  readonly example?: { readonly header_handle?: readonly string[] };
  readonly buttons?: readonly { readonly type: string; readonly text?: string; readonly url?: string; readonly phone_number?: string; readonly example?: string | readonly string[] }[];
}

interface HistoryEntry {
  readonly version: number;
  readonly event: 'CREATED' | 'EDITED' | 'APPROVED' | 'REJECTED' | 'FLAGGED' | 'PAUSED' | 'DISABLED' | 'REINSTATED';
  readonly status: string;
  readonly category: string;
  readonly rejected_reason: string;
  readonly note: string | null;
  readonly author: { readonly kind: 'user' | 'api_key' | 'operator' | 'app' | 'reviewer' | 'kabar'; readonly name: string };
  readonly components: readonly HistoryComponent[];
  readonly at: string;
}

type Field = 'category' | 'header' | 'body' | 'footer' | 'buttons';
const fields: readonly Field[] = ['category', 'header', 'body', 'footer', 'buttons'];

/** A version's content as the reader compares it: one text per part. */
function contentOf(entry: HistoryEntry): Readonly<Record<Field, string>> {
  const find = (type: string): HistoryComponent | undefined => entry.components.find((component) => component.type === type);
  const header = find('HEADER');
  const buttons = find('BUTTONS')?.buttons ?? [];
  return {
    category: entry.category,
    header: header === undefined ? '' : header.format === 'TEXT' ? (header.text ?? '') : `${header.format ?? ''} ${header.example?.header_handle?.[0] ?? ''}`.trim(),
    body: find('BODY')?.text ?? '',
    footer: find('FOOTER')?.text ?? '',
    buttons: buttons.map((button) => [button.type, button.text, button.url, button.phone_number, typeof button.example === 'string' ? button.example : button.example?.[0]].filter((part) => part !== undefined && part !== '').join(' ')).join(' · '),
  };
}

type Piece = { readonly kind: 'same' | 'removed' | 'added'; readonly text: string };

/** Word by word, what the later text removed and added (longest common subsequence). */
export function wordDiff(before: string, after: string): Piece[] {
  const left = before.split(/(\s+)/).filter((word) => word !== '');
  const right = after.split(/(\s+)/).filter((word) => word !== '');
  const lengths: number[][] = Array.from({ length: left.length + 1 }, () => new Array<number>(right.length + 1).fill(0));
  for (let i = left.length - 1; i >= 0; i -= 1) {
    for (let j = right.length - 1; j >= 0; j -= 1) {
      const row = lengths[i] ?? [];
      row[j] = left[i] === right[j] ? (lengths[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lengths[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const pieces: Piece[] = [];
  const push = (kind: Piece['kind'], text: string): void => {
    const last = pieces[pieces.length - 1];
    if (last?.kind === kind) pieces[pieces.length - 1] = { kind, text: last.text + text };
    else pieces.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i < left.length && j < right.length && left[i] === right[j]) {
      push('same', left[i] ?? '');
      i += 1;
      j += 1;
    } else if (j < right.length && (i >= left.length || (lengths[i]?.[j + 1] ?? 0) >= (lengths[i + 1]?.[j] ?? 0))) {
      push('added', right[j] ?? '');
      j += 1;
    } else {
      push('removed', left[i] ?? '');
      i += 1;
    }
  }
  return pieces;
}

const fieldKeys: Readonly<Record<Field, MessageKey>> = {
  category: 'templates.part.category',
  header: 'templates.part.header',
  body: 'templates.part.body',
  footer: 'templates.part.footer',
  buttons: 'templates.part.buttons',
};

/** A version's content, and (from the second version on) what changed from the one before. */
function VersionContent({ entry, previous }: { readonly entry: HistoryEntry; readonly previous: HistoryEntry | undefined }) {
  const { t } = useI18n();
  const now = contentOf(entry);
  const before = previous === undefined ? undefined : contentOf(previous);
  const changed = before === undefined ? [] : fields.filter((field) => before[field] !== now[field]);
  return (
    <Stack gap={6} mt={6}>
      <dl className="kabar-version">
        {fields
          .filter((field) => now[field] !== '')
          .map((field) => (
            <div key={field}>
              <dt>{t(fieldKeys[field])}</dt>
              <dd>{now[field]}</dd>
            </div>
          ))}
      </dl>
      {before === undefined || previous === undefined ? null : (
        <div>
          <Text size="sm" fw={600}>
            {t('templates.changesFrom', { version: previous.version })}
          </Text>
          {changed.length === 0 ? (
            <Text size="sm">{t('templates.noChanges')}</Text>
          ) : (
            <dl className="kabar-version">
              {changed.map((field) => (
                <div key={field}>
                  <dt>{t(fieldKeys[field])}</dt>
                  <dd>
                    {wordDiff(before[field], now[field]).map((piece, index) =>
                      piece.kind === 'same' ? (
                        <span key={index}>{piece.text}</span>
                      ) : piece.kind === 'added' ? (
                        <ins key={index}>
                          <VisuallyHidden>{t('templates.added')}</VisuallyHidden>
                          {piece.text}
                        </ins>
                      ) : (
                        <del key={index}>
                          <VisuallyHidden>{t('templates.removed')}</VisuallyHidden>
                          {piece.text}
                        </del>
                      ),
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      )}
    </Stack>
  );
}

function Entry({ entry, previous }: { readonly entry: HistoryEntry; readonly previous: HistoryEntry | undefined }) {
  const { t, format } = useI18n();
  const authorLine = (author: HistoryEntry['author']): string => {
    if (author.kind === 'reviewer') return t('templates.byReviewer');
    if (author.kind === 'kabar') return t('templates.byKabar', { name: author.name });
    return t('templates.by', { name: author.name, kind: t(`templates.author.${author.kind}`) });
  };
  const [open, setOpen] = useState(false);
  const content = entry.event === 'CREATED' || entry.event === 'EDITED';
  const panelId = `version-${entry.version}-${entry.at}`;
  return (
    <Paper component="li" withBorder p="xs">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" fw={700}>
          {t('templates.versionEvent', { version: entry.version, event: t(`templates.event.${entry.event}`) })}
        </Text>
        <StateBadge value={templateStatusColors[entry.status] ?? entry.status} text={entry.status} />
      </Group>
      <Text size="sm">{authorLine(entry.author)}</Text>
      <Text size="xs">
        <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
      </Text>
      {entry.rejected_reason !== 'NONE' && entry.event === 'REJECTED' ? <Text size="sm">{t('templates.rejectedReason', { reason: entry.rejected_reason })}</Text> : null}
      {entry.note === null ? null : <Text size="sm">{entry.note}</Text>}
      {content ? (
        <>
          <Button variant="outline" size="compact-sm" onClick={() => setOpen(!open)} aria-expanded={open} aria-controls={panelId}>
            {open ? t('templates.hideVersion', { version: entry.version }) : t('templates.showVersion', { version: entry.version })}
          </Button>
          <div id={panelId}>{open ? <VersionContent entry={entry} previous={previous} /> : null}</div>
        </>
      ) : null}
    </Paper>
  );
}

/** The history drawer of one template. */
export function TemplateHistory({ template, onClose }: { readonly template: { readonly id: string; readonly name: string; readonly language: string }; readonly onClose: () => void }) {
  const { t } = useI18n();
  const history = useQuery({ queryKey: ['templates', 'history', template.id], queryFn: () => api<{ data: HistoryEntry[] }>('GET', `/admin/templates/${template.id}/history`) });
  const entries = history.data?.data ?? [];
  // The version before a content entry: the nearest older entry that wrote content.
  const previousOf = (index: number): HistoryEntry | undefined => entries.slice(index + 1).find((older) => (older.event === 'CREATED' || older.event === 'EDITED') && older.version < (entries[index]?.version ?? 0));
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={t('templates.historyOf', { name: template.name, language: template.language })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      {history.isPending ? <Loading /> : null}
      {history.isError ? <ErrorState error={history.error} retry={() => void history.refetch()} /> : null}
      {history.data !== undefined && entries.length === 0 ? <Text size="sm">{t('templates.noHistory')}</Text> : null}
      <Stack component="ol" gap="sm" aria-label={t('templates.versions')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {entries.map((entry, index) => (
          <Entry key={`${entry.at}-${entry.event}-${index}`} entry={entry} previous={previousOf(index)} />
        ))}
      </Stack>
    </Drawer>
  );
}
