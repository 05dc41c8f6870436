/** Settings: apps, where webhooks go, access tokens, policy profiles and the audit log. */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Group, ScrollArea, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { TableHead } from '../components/table-head.js';
import { Empty, ErrorState, Loading, WriteError } from '../components/states.js';
import { holds, useSession } from '../session.js';
import { ShownOnce } from './settings-shared.js';

interface Accounts {
  readonly wabas: readonly { readonly id: string; readonly name: string; readonly phone_numbers: readonly { readonly id: string; readonly display_phone_number: string }[]; readonly subscribed_apps: readonly { readonly app_id: string; readonly override_callback_uri: string | null }[] }[];
  readonly apps: readonly { readonly id: string; readonly name: string; readonly callback_url: string | null }[];
  readonly tokens: readonly { readonly id: string; readonly app_id: string; readonly permissions: readonly string[]; readonly created_at: string; readonly revoked_at: string | null }[];
}

export function AppsTab() {
  const { t, format } = useI18n();
  const { businessId } = useSession();
  const client = useQueryClient();
  const [callback, setCallback] = useState<{ waba: string; app: string; url: string; verify: string }>({ waba: '', app: '', url: '', verify: '' });
  const accounts = useQuery({ queryKey: ['accounts', businessId], queryFn: () => api<Accounts>('GET', '/admin/accounts', { query: { business_id: businessId } }) });
  const subscribe = useMutation({
    mutationFn: () => api('POST', `/admin/wabas/${callback.waba}/subscriptions`, { body: { app_id: callback.app, override_callback_uri: callback.url, verify_token: callback.verify } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['accounts'] }),
  });
  const issue = useMutation({ mutationFn: (appId: string) => api<{ access_token: string }>('POST', `/admin/apps/${appId}/tokens`, { body: {} }), onSuccess: () => client.invalidateQueries({ queryKey: ['accounts'] }) });
  if (accounts.isPending) return <Loading />;
  if (accounts.isError) return <ErrorState error={accounts.error} retry={() => void accounts.refetch()} />;
  const { wabas, apps, tokens } = accounts.data;
  const appName = (id: string): string => apps.find((app) => app.id === id)?.name ?? id;
  return (
    <Stack>
      <Title order={3} size="h4">
        {t('settings.apps')}
      </Title>
      {apps.length === 0 ? (
        <Text size="sm">{t('settings.noApps')}</Text>
      ) : (
        <ScrollArea viewportProps={{ tabIndex: 0 }}>
          <Table aria-label={t('settings.apps')} miw={520}>
            <TableHead labels={[t('settings.name'), t('settings.appId'), t('settings.callbackUrl'), t('settings.actions')]} />
            <Table.Tbody>
              {apps.map((app) => (
                <Table.Tr key={app.id}>
                  <Table.Td>{app.name}</Table.Td>
                  <Table.Td>{app.id}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{app.callback_url ?? '—'}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="outline" onClick={() => issue.mutate(app.id)} aria-label={t('settings.issueTokenFor', { name: app.name })}>
                      {t('settings.issueToken')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      <WriteError error={issue.error} />
      {issue.data === undefined ? null : <ShownOnce label={t('settings.newToken')} value={issue.data.access_token} />}
      <Title order={3} size="h4">
        {t('settings.callbacks')}
      </Title>
      {wabas.map((waba) => (
        <Stack key={waba.id} gap={4}>
          <Text fw={600}>
            {waba.name} ({waba.id}) · {waba.phone_numbers.map((number) => `+${number.display_phone_number}`).join(', ')}
          </Text>
          {waba.subscribed_apps.length === 0 ? (
            <Text size="sm">{t('settings.noSubscriptions')}</Text>
          ) : (
            waba.subscribed_apps.map((subscription) => (
              <Text size="sm" key={subscription.app_id} style={{ overflowWrap: 'anywhere' }}>
                {appName(subscription.app_id)}: {subscription.override_callback_uri ?? t('settings.appCallback')}
              </Text>
            ))
          )}
        </Stack>
      ))}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          subscribe.mutate();
        }}
      >
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {t('settings.setCallback')}
          </Text>
          <Group align="flex-end">
            <Select label={t('settings.waba')} data={wabas.map((waba) => ({ value: waba.id, label: waba.name }))} value={callback.waba || null} onChange={(value) => setCallback({ ...callback, waba: value ?? '' })} required w={200} />
            <Select label={t('settings.app')} data={apps.map((app) => ({ value: app.id, label: app.name }))} value={callback.app || null} onChange={(value) => setCallback({ ...callback, app: value ?? '' })} required w={200} />
          </Group>
          <TextInput label={t('settings.callbackUrl')} type="url" value={callback.url} onChange={(event) => setCallback({ ...callback, url: event.currentTarget.value })} required />
          <TextInput label={t('settings.verifyToken')} description={t('settings.verifyHint')} value={callback.verify} onChange={(event) => setCallback({ ...callback, verify: event.currentTarget.value })} required />
          <Group>
            <Button type="submit" loading={subscribe.isPending}>
              {t('settings.saveCallback')}
            </Button>
            {subscribe.isSuccess ? (
              <Text size="sm" role="status">
                {t('settings.callbackSaved')}
              </Text>
            ) : null}
          </Group>
          <WriteError error={subscribe.error} />
        </Stack>
      </form>
      <Title order={3} size="h4">
        {t('settings.tokens')}
      </Title>
      <ScrollArea viewportProps={{ tabIndex: 0 }}>
        <Table aria-label={t('settings.tokens')} miw={520}>
          <TableHead labels={[t('settings.tokenId'), t('settings.app'), t('settings.permissions'), t('settings.created')]} />
          <Table.Tbody>
            {tokens.map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td>{token.id}</Table.Td>
                <Table.Td>{appName(token.app_id)}</Table.Td>
                <Table.Td>{token.permissions.join(', ')}</Table.Td>
                <Table.Td>{format.dateTime(token.created_at)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}

const limitsProfiles = ['2022-01', '2022-09', '2023-10', '2025-10'];
const pricingProfiles = ['2022-02', '2025-07'];

export function PolicyTab() {
  const { t } = useI18n();
  const { businessId, who } = useSession();
  const client = useQueryClient();
  const policy = useQuery({ queryKey: ['policy', businessId], queryFn: () => api<{ limits: string; pricing: string }>('GET', `/admin/businesses/${businessId ?? ''}/policy`), enabled: businessId !== undefined });
  const choose = useMutation({
    mutationFn: (change: { limits?: string; pricing?: string }) => api('POST', `/admin/businesses/${businessId ?? ''}/policy`, { body: change }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['policy'] }),
  });
  if (policy.isPending) return <Loading />;
  if (policy.isError) return <ErrorState error={policy.error} retry={() => void policy.refetch()} />;
  const owner = holds(who, 'owner');
  return (
    <Stack maw={420}>
      <Text size="sm">{t('settings.policyIntro')}</Text>
      <Select label={t('settings.limitsProfile')} data={limitsProfiles} value={policy.data.limits} onChange={(value) => value !== null && choose.mutate({ limits: value })} disabled={!owner} allowDeselect={false} />
      <Select label={t('settings.pricingProfile')} data={pricingProfiles} value={policy.data.pricing} onChange={(value) => value !== null && choose.mutate({ pricing: value })} disabled={!owner} allowDeselect={false} />
      {owner ? null : <Text size="sm">{t('settings.policyOwnerOnly')}</Text>}
      <WriteError error={choose.error} />
    </Stack>
  );
}

interface AuditEntry {
  readonly id: string;
  readonly actor: { readonly label: string };
  readonly action: string;
  readonly target: string;
  readonly status: number;
  readonly created_at: string;
}

export function AuditTab() {
  const { t, format } = useI18n();
  const { businessId } = useSession();
  const audit = useQuery({ queryKey: ['audit', businessId], queryFn: () => api<{ data: AuditEntry[] }>('GET', '/admin/audit', { query: { business_id: businessId, limit: 200 } }) });
  if (audit.isPending) return <Loading />;
  if (audit.isError) return <ErrorState error={audit.error} retry={() => void audit.refetch()} />;
  if (audit.data.data.length === 0) return <Empty title={t('settings.noAudit')} />;
  return (
    <ScrollArea viewportProps={{ tabIndex: 0 }}>
      <Table aria-label={t('settings.audit')} miw={600} striped>
        <TableHead labels={[t('messages.when'), t('settings.actor'), t('settings.action'), t('settings.target'), t('settings.outcome')]} />
        <Table.Tbody>
          {audit.data.data.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td>{format.dateTime(entry.created_at)}</Table.Td>
              <Table.Td>{entry.actor.label}</Table.Td>
              <Table.Td>{entry.action}</Table.Td>
              <Table.Td>{entry.target || '—'}</Table.Td>
              <Table.Td>{entry.status}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

