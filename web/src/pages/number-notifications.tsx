import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Checkbox, ScrollArea, Table, Text, Title } from '@mantine/core';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { TableHead } from '../components/table-head.js';
import { ErrorState, Loading, WriteError } from '../components/states.js';
import { holds, useSession } from '../session.js';

type Channel = 'webhook' | 'feed' | 'email';
type Switches = Readonly<Record<Channel, boolean>>;

interface Preferences {
  readonly email_address: string | null;
  readonly email_enabled: boolean;
  readonly default: Switches;
  readonly kinds: Readonly<Record<string, Switches>>;
  /** Every kind Kabar tells. */
  readonly known_kinds: readonly string[];
}

const channels: readonly Channel[] = ['webhook', 'feed', 'email'];

/** Labels of the kinds Kabar tells, in the order the page lists them; the server's `known_kinds` is the list itself. */
const kinds: Readonly<Record<string, MessageKey>> = {
  'limits.quality': 'notify.limits.quality',
  'limits.flagged': 'notify.limits.flagged',
  'limits.unflagged': 'notify.limits.unflagged',
  'limits.upgrade': 'notify.limits.upgrade',
  'limits.downgrade': 'notify.limits.downgrade',
  'limits.restricted': 'notify.limits.restricted',
  'limits.human_escalation_path_missing': 'notify.limits.escalation',
  'limits.increased_capabilities_eligibility_deferred': 'notify.limits.deferred',
  'number.added': 'notify.number.added',
  'number.review': 'notify.number.review',
  'number.display_name': 'notify.number.display_name',
  'number.official_business_account': 'notify.number.oba',
  'number.throughput': 'notify.number.throughput',
  'number.throughput_upgrade': 'notify.number.throughput_upgrade',
  'number.security': 'notify.number.security',
  'template.status': 'notify.template.status',
  'template.quality': 'notify.template.quality',
  'template.category': 'notify.template.category',
  'flow.status': 'notify.flow.status',
  'business.signup': 'notify.business.signup',
  'business.verification': 'notify.business.verification',
  'business.capability': 'notify.business.capability',
  'contacts.verification_blocked': 'notify.contacts.verification_blocked',
  'contacts.verification_unblocked': 'notify.contacts.verification_unblocked',
};
const channelKeys: Readonly<Record<Channel, MessageKey>> = { webhook: 'notify.webhook', feed: 'notify.feed', email: 'notify.email' };

/** Which channel tells the business of each kind of notification: a switch per kind and channel, saved as it is flipped. */
export function NotificationSettings() {
  const { t } = useI18n();
  const { businessId, who } = useSession();
  const client = useQueryClient();
  const key = ['notification-preferences', businessId];
  const preferences = useQuery({ queryKey: key, queryFn: () => api<Preferences>('GET', `/admin/businesses/${businessId ?? ''}/notification-preferences`), enabled: businessId !== undefined });
  const save = useMutation({
    mutationFn: (change: { kind: string; channel: Channel; on: boolean }) => api<Preferences>('POST', `/admin/businesses/${businessId ?? ''}/notification-preferences`, { body: { kind: change.kind, [change.channel]: change.on } }),
    onSuccess: (data) => client.setQueryData(key, data),
  });
  const editable = holds(who, 'admin');
  const data = preferences.data;
  // Every kind the server tells, labelled ones in the page's order first; a kind added to Kabar later shows by its name.
  const names = data === undefined ? [] : [...Object.keys(kinds).filter((kind) => data.known_kinds.includes(kind)), ...data.known_kinds.filter((kind) => !(kind in kinds))];
  const labelOf = (kind: string): string => (kinds[kind] === undefined ? kind : t(kinds[kind]));
  return (
    <Card withBorder component="section" aria-labelledby="notify-title">
      <Title order={3} size="h4" id="notify-title" mb="xs">
        {t('notify.title')}
      </Title>
      {preferences.isPending ? <Loading /> : null}
      {preferences.isError ? <ErrorState error={preferences.error} retry={() => void preferences.refetch()} /> : null}
      {data === undefined ? null : (
        <>
          <Text size="sm" mb="xs">
            {data.email_enabled ? t('notify.emailTo', { address: data.email_address ?? '—' }) : t('notify.noEmail')}
          </Text>
          <ScrollArea viewportProps={{ tabIndex: 0 }}>
            <Table aria-label={t('notify.title')} miw={480} striped>
              <TableHead labels={[t('notify.kind'), ...channels.map((channel) => t(channelKeys[channel]))]} />
              <Table.Tbody>
                {names.map((kind) => {
                  const switches = data.kinds[kind] ?? data.default;
                  return (
                    <Table.Tr key={kind}>
                      <Table.Td>{labelOf(kind)}</Table.Td>
                      {channels.map((channel) => (
                        <Table.Td key={channel}>
                          <Checkbox
                            aria-label={t('notify.switch', { channel: t(channelKeys[channel]), kind: labelOf(kind) })}
                            checked={switches[channel]}
                            disabled={!editable || save.isPending || (channel === 'email' && !data.email_enabled)}
                            onChange={(event) => save.mutate({ kind, channel, on: event.currentTarget.checked })}
                          />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollArea>
          {save.isSuccess ? (
            <Text size="sm" role="status" mt="xs">
              {t('notify.saved')}
            </Text>
          ) : null}
          <WriteError error={save.error} />
        </>
      )}
    </Card>
  );
}
