import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, CloseButton, Drawer, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { TableHead } from '../components/table-head.js';
import { badgeColors } from '../components/badges.js';
import { ErrorState, Loading, WriteError } from '../components/states.js';
import { holds, useSession } from '../session.js';
import type { Contact } from './contacts.js';

interface ConsentState {
  readonly state: 'opted_in' | 'opted_out';
  readonly recorded_at: string;
}

interface LedgerEntry {
  readonly id: string;
  readonly category: string;
  readonly action: 'opt_in' | 'opt_out';
  readonly source: string;
  readonly consent_text: string | null;
  readonly recorded_at: string;
}

interface HistoryEvent {
  readonly id: string;
  readonly kind: string;
  readonly created_at: string;
}

const eventKeys = {
  created: 'contacts.event.created',
  updated: 'contacts.event.updated',
  merged: 'contacts.event.merged',
  number_changed: 'contacts.event.number_changed',
  identity_changed: 'contacts.event.identity_changed',
  identity_acknowledged: 'contacts.event.identity_acknowledged',
  verified: 'contacts.event.verified',
} as const;

function ConsentBadge({ state }: { readonly state: ConsentState | null | undefined }) {
  const { t } = useI18n();
  if (state === null || state === undefined) return <Badge color={badgeColors.neutral} variant="filled" tt="none">{t('consent.none')}</Badge>;
  return (
    <Badge color={state.state === 'opted_in' ? badgeColors.green : badgeColors.orange} variant="filled" tt="none">
      {state.state === 'opted_in' ? t('consent.optedIn') : t('consent.optedOut')}
    </Badge>
  );
}

/** One contact: its tags, its consent and the history of it, and a changed identity to acknowledge. */
export function ContactDrawer({ businessId, contact: first, onClose }: { readonly businessId: string; readonly contact: Contact; readonly onClose: () => void }) {
  const { t, format } = useI18n();
  const { who } = useSession();
  const client = useQueryClient();
  const base = `/admin/businesses/${businessId}/contacts/${first.id}`;
  const contact = useQuery({ queryKey: ['contacts', 'one', first.id], queryFn: () => api<Contact>('GET', base), initialData: first });
  const status = useQuery({ queryKey: ['contacts', 'consent', first.id], queryFn: () => api<{ marketing: ConsentState | null; utility: ConsentState | null }>('GET', `/admin/businesses/${businessId}/consent/status`, { query: { contact_id: first.id } }) });
  const ledger = useQuery({ queryKey: ['contacts', 'ledger', first.id], queryFn: () => api<{ data: LedgerEntry[] }>('GET', `/admin/businesses/${businessId}/consent/ledger`, { query: { contact_id: first.id, limit: 100 } }) });
  const history = useQuery({ queryKey: ['contacts', 'history', first.id], queryFn: () => api<{ data: HistoryEvent[] }>('GET', `${base}/history`, { query: { limit: 100 } }) });
  const [newTag, setNewTag] = useState('');
  const refresh = (): Promise<void> => client.invalidateQueries({ queryKey: ['contacts'] });
  const tags = useMutation({ mutationFn: (change: { add_tags?: string[]; remove_tags?: string[] }) => api<Contact>('PATCH', base, { body: change }), onSuccess: refresh });
  const acknowledge = useMutation({ mutationFn: () => api<Contact>('POST', `${base}/identity/acknowledge`), onSuccess: refresh });
  const [consent, setConsent] = useState({ source: 'whatsapp_thread', text: '' });
  const optIn = useMutation({
    mutationFn: (action: 'opt-ins' | 'opt-outs') =>
      api('POST', `/admin/businesses/${businessId}/consent/${action}`, {
        body: action === 'opt-ins' ? { contact_id: first.id, categories: ['marketing'], source: consent.source, consent_text: consent.text } : { contact_id: first.id, categories: ['marketing'], reason: t('consent.withdrawnInConsole') },
      }),
    onSuccess: async () => {
      setConsent({ ...consent, text: '' });
      await refresh();
    },
  });
  const current = contact.data;
  const admin = holds(who, 'admin');
  const addTag = (event: FormEvent): void => {
    event.preventDefault();
    const tag = newTag.trim();
    if (tag.length === 0) return;
    tags.mutate({ add_tags: [tag] }, { onSuccess: () => setNewTag('') });
  };
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={current.name === '' ? current.phone : current.name} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        <Text>
          {current.phone} · {t('contacts.source', { source: current.source })}
        </Text>
        {current.identity.pending_change === null ? null : (
          <Alert color={badgeColors.orange} variant="outline" title={t('contacts.identityChangedTitle')} role="alert">
            {t('contacts.identityChangedText', { time: format.dateTime(current.identity.pending_change.detected_at) })}
            {admin ? (
              <Button mt="sm" display="block" size="xs" color={badgeColors.orange} onClick={() => acknowledge.mutate()} loading={acknowledge.isPending}>
                {t('contacts.acknowledge')}
              </Button>
            ) : null}
            <WriteError error={acknowledge.error} />
          </Alert>
        )}
        {acknowledge.isSuccess && current.identity.pending_change === null ? (
          <Text size="sm" role="status">
            {t('contacts.acknowledged')}
          </Text>
        ) : null}
        <section aria-labelledby="contact-tags">
          <Title order={3} size="h5" id="contact-tags" mb={4}>
            {t('contacts.tags')}
          </Title>
          <Group gap={4} mb="xs">
            {current.tags.length === 0 ? <Text size="sm">{t('contacts.noTags')}</Text> : null}
            {current.tags.map((tag) => (
              <Badge key={tag} color={badgeColors.blue} variant="filled" tt="none" rightSection={<CloseButton size="xs" variant="transparent" c="white" aria-label={t('contacts.removeTag', { tag })} onClick={() => tags.mutate({ remove_tags: [tag] })} />}>
                {tag}
              </Badge>
            ))}
          </Group>
          <form onSubmit={addTag}>
            <Group align="flex-end" gap="xs">
              <TextInput label={t('contacts.addTag')} value={newTag} onChange={(event) => setNewTag(event.currentTarget.value)} size="xs" />
              <Button type="submit" size="xs" variant="outline" loading={tags.isPending}>
                {t('contacts.add')}
              </Button>
            </Group>
          </form>
          <WriteError error={tags.error} />
        </section>
        <section aria-labelledby="contact-consent">
          <Title order={3} size="h5" id="contact-consent" mb={4}>
            {t('consent.title')}
          </Title>
          {status.isError ? <ErrorState error={status.error} /> : null}
          <Group gap="xs">
            <Text size="sm">{t('consent.marketing')}</Text>
            <ConsentBadge state={status.data?.marketing} />
            <Text size="sm">{t('consent.utility')}</Text>
            <ConsentBadge state={status.data?.utility} />
          </Group>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              optIn.mutate('opt-ins');
            }}
          >
            <Group align="flex-end" gap="xs" mt="xs">
              <Select
                label={t('consent.source')}
                size="xs"
                w={170}
                allowDeselect={false}
                value={consent.source}
                onChange={(value) => value !== null && setConsent({ ...consent, source: value })}
                data={(['whatsapp_thread', 'web_form', 'link', 'qr_code', 'ivr', 'ad'] as const).map((value) => ({ value, label: t(`consent.source.${value}`) }))}
              />
              <TextInput label={t('consent.text')} description={t('consent.textHint')} size="xs" required value={consent.text} onChange={(event) => setConsent({ ...consent, text: event.currentTarget.value })} style={{ flex: 1, minWidth: 180 }} />
              <Button type="submit" size="xs" variant="outline" loading={optIn.isPending && optIn.variables === 'opt-ins'}>
                {t('consent.recordOptIn')}
              </Button>
            </Group>
          </form>
          <Group gap="xs" mt="xs">
            <Button size="xs" variant="outline" onClick={() => optIn.mutate('opt-outs')} loading={optIn.isPending && optIn.variables === 'opt-outs'}>
              {t('consent.recordOptOut')}
            </Button>
          </Group>
          <WriteError error={optIn.error} />
          <Title order={4} size="h6" mt="sm" mb={4}>
            {t('consent.history')}
          </Title>
          {ledger.isPending ? <Loading /> : null}
          {ledger.isError ? <ErrorState error={ledger.error} /> : null}
          {ledger.data === undefined ? null : ledger.data.data.length === 0 ? (
            <Text size="sm">{t('consent.noHistory')}</Text>
          ) : (
            <Table aria-label={t('consent.history')}>
              <TableHead labels={[t('consent.when'), t('consent.category'), t('consent.action'), t('consent.source')]} />
              <Table.Tbody>
                {ledger.data.data.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Td>{format.dateTime(entry.recorded_at)}</Table.Td>
                    <Table.Td>{entry.category}</Table.Td>
                    <Table.Td>{entry.action === 'opt_in' ? t('consent.optedIn') : t('consent.optedOut')}</Table.Td>
                    <Table.Td>{entry.source}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </section>
        <section aria-labelledby="contact-history">
          <Title order={3} size="h5" id="contact-history" mb={4}>
            {t('contacts.history')}
          </Title>
          {history.isError ? <ErrorState error={history.error} /> : null}
          {history.data === undefined ? null : history.data.data.length === 0 ? (
            <Text size="sm">{t('contacts.noHistory')}</Text>
          ) : (
            <Stack component="ol" gap={2} style={{ paddingLeft: '1.25rem', margin: 0 }}>
              {history.data.data.map((event) => (
                <li key={event.id}>
                  <Text size="sm">
                    {format.dateTime(event.created_at)} · {event.kind in eventKeys ? t(eventKeys[event.kind as keyof typeof eventKeys]) : event.kind}
                  </Text>
                </li>
              ))}
            </Stack>
          )}
        </section>
      </Stack>
    </Drawer>
  );
}
