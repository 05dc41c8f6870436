import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Code, CopyButton, Group, ScrollArea, Select, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { Empty, ErrorState, Loading, roleKey, WriteError } from '../components/states.js';
import { holds, useSession, type Role } from '../session.js';

interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
}

interface Invitation {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly state: 'open' | 'accepted' | 'revoked' | 'expired';
  readonly expires_at: string;
}

interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly hint: string;
  readonly created_by: string;
  readonly created_at: string;
  readonly revoked_at: string | null;
}

interface Accounts {
  readonly wabas: readonly { readonly id: string; readonly name: string; readonly phone_numbers: readonly { readonly id: string; readonly display_phone_number: string }[]; readonly subscribed_apps: readonly { readonly app_id: string; readonly override_callback_uri: string | null }[] }[];
  readonly apps: readonly { readonly id: string; readonly name: string; readonly callback_url: string | null }[];
  readonly tokens: readonly { readonly id: string; readonly app_id: string; readonly permissions: readonly string[]; readonly created_at: string; readonly revoked_at: string | null }[];
}

const roles: readonly Role[] = ['agent', 'admin', 'owner'];

function useRoleOptions(): { value: Role; label: string }[] {
  const { t } = useI18n();
  const { who } = useSession();
  return roles.filter((role) => holds(who, role)).map((role) => ({ value: role, label: t(roleKey(role)) }));
}

/** A secret shown once, with a copy button. */
function ShownOnce({ label, value }: { readonly label: string; readonly value: string }) {
  const { t } = useI18n();
  return (
    <Alert color="blue.9" variant="outline" title={label} role="status">
      <Stack gap="xs">
        <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {value}
        </Code>
        <Text size="sm">{t('settings.shownOnce')}</Text>
        <CopyButton value={value}>{({ copied, copy }) => <Button size="xs" variant="outline" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}</CopyButton>
      </Stack>
    </Alert>
  );
}

function UsersTab() {
  const { t, format } = useI18n();
  const { businessId, who } = useSession();
  const client = useQueryClient();
  const options = useRoleOptions();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const users = useQuery({ queryKey: ['users', businessId], queryFn: () => api<{ data: User[] }>('GET', '/admin/users', { query: { business_id: businessId } }) });
  const invitations = useQuery({ queryKey: ['invitations', businessId], queryFn: () => api<{ data: Invitation[] }>('GET', '/admin/invitations', { query: { business_id: businessId } }) });
  const refresh = async (): Promise<void> => {
    await client.invalidateQueries({ queryKey: ['users'] });
    await client.invalidateQueries({ queryKey: ['invitations'] });
  };
  const invite = useMutation({
    mutationFn: () => api<{ link: string }>('POST', '/admin/invitations', { body: { business_id: businessId, email, role } }),
    onSuccess: async () => {
      setEmail('');
      await refresh();
    },
  });
  const change = useMutation({
    mutationFn: (input: { id: string; role?: Role }) =>
      input.role === undefined ? api('DELETE', `/admin/users/${input.id}`, { query: { business_id: businessId } }) : api('POST', `/admin/users/${input.id}`, { query: { business_id: businessId }, body: { role: input.role } }),
    onSuccess: refresh,
  });
  const revoke = useMutation({ mutationFn: (id: string) => api('DELETE', `/admin/invitations/${id}`, { query: { business_id: businessId } }), onSuccess: refresh });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    invite.mutate();
  };
  return (
    <Stack>
      <Title order={3} size="h4">
        {t('settings.users')}
      </Title>
      {users.isPending ? <Loading /> : null}
      {users.isError ? <ErrorState error={users.error} retry={() => void users.refetch()} /> : null}
      {users.data === undefined ? null : (
        <ScrollArea viewportProps={{ tabIndex: 0 }}>
          <Table aria-label={t('settings.users')} miw={480}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.name')}</Table.Th>
                <Table.Th>{t('settings.email')}</Table.Th>
                <Table.Th>{t('settings.role')}</Table.Th>
                <Table.Th>{t('settings.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.data.map((user) => {
                const self = who.actor.id === user.id;
                const editable = !self && holds(who, user.role);
                return (
                  <Table.Tr key={user.id}>
                    <Table.Td>{user.name}</Table.Td>
                    <Table.Td>{user.email}</Table.Td>
                    <Table.Td>
                      {editable ? (
                        <Select aria-label={t('settings.roleOf', { name: user.name })} data={options} value={user.role} onChange={(value) => value !== null && change.mutate({ id: user.id, role: value as Role })} allowDeselect={false} w={140} />
                      ) : (
                        t(roleKey(user.role))
                      )}
                    </Table.Td>
                    <Table.Td>
                      {editable ? (
                        <Button size="xs" variant="outline" color="red.9" onClick={() => change.mutate({ id: user.id })} aria-label={t('settings.removeUser', { name: user.name })}>
                          {t('settings.remove')}
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      <WriteError error={change.error} />
      <form onSubmit={submit}>
        <Group align="flex-end">
          <TextInput label={t('settings.inviteEmail')} type="email" value={email} onChange={(event) => setEmail(event.currentTarget.value)} required w={{ base: '100%', sm: 280 }} />
          <Select label={t('settings.role')} data={options} value={role} onChange={(value) => value !== null && setRole(value as Role)} allowDeselect={false} w={140} />
          <Button type="submit" loading={invite.isPending}>
            {t('settings.invite')}
          </Button>
        </Group>
      </form>
      <WriteError error={invite.error} />
      {invite.data === undefined ? null : <ShownOnce label={t('settings.inviteLink')} value={invite.data.link} />}
      <Title order={3} size="h4">
        {t('settings.invitations')}
      </Title>
      {invitations.data === undefined || invitations.data.data.length === 0 ? (
        <Text size="sm">{t('settings.noInvitations')}</Text>
      ) : (
        <ScrollArea viewportProps={{ tabIndex: 0 }}>
          <Table aria-label={t('settings.invitations')} miw={480}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.email')}</Table.Th>
                <Table.Th>{t('settings.role')}</Table.Th>
                <Table.Th>{t('settings.state')}</Table.Th>
                <Table.Th>{t('settings.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invitations.data.data.map((invitation) => (
                <Table.Tr key={invitation.id}>
                  <Table.Td>{invitation.email}</Table.Td>
                  <Table.Td>{t(roleKey(invitation.role))}</Table.Td>
                  <Table.Td>{invitation.state === 'open' ? t('settings.openUntil', { time: format.dateTime(invitation.expires_at) }) : t(`invitationState.${invitation.state}`)}</Table.Td>
                  <Table.Td>
                    {invitation.state === 'open' ? (
                      <Button size="xs" variant="outline" color="red.9" onClick={() => revoke.mutate(invitation.id)} aria-label={t('settings.revokeInvitation', { email: invitation.email })}>
                        {t('settings.revoke')}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}

function ApiKeysTab() {
  const { t, format } = useI18n();
  const { businessId } = useSession();
  const client = useQueryClient();
  const options = useRoleOptions();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const keys = useQuery({ queryKey: ['api-keys', businessId], queryFn: () => api<{ data: ApiKey[] }>('GET', '/admin/api-keys', { query: { business_id: businessId } }) });
  const create = useMutation({
    mutationFn: () => api<{ key: string }>('POST', '/admin/api-keys', { body: { business_id: businessId, name, role } }),
    onSuccess: async () => {
      setName('');
      await client.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const revoke = useMutation({ mutationFn: (id: string) => api('DELETE', `/admin/api-keys/${id}`, { query: { business_id: businessId } }), onSuccess: () => client.invalidateQueries({ queryKey: ['api-keys'] }) });
  return (
    <Stack>
      <Text size="sm">{t('settings.apiKeysIntro')}</Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <Group align="flex-end">
          <TextInput label={t('settings.keyName')} value={name} onChange={(event) => setName(event.currentTarget.value)} required />
          <Select label={t('settings.role')} data={options} value={role} onChange={(value) => value !== null && setRole(value as Role)} allowDeselect={false} w={140} />
          <Button type="submit" loading={create.isPending}>
            {t('settings.createKey')}
          </Button>
        </Group>
      </form>
      <WriteError error={create.error} />
      {create.data === undefined ? null : <ShownOnce label={t('settings.newKey')} value={create.data.key} />}
      {keys.isError ? <ErrorState error={keys.error} retry={() => void keys.refetch()} /> : null}
      {keys.data === undefined ? null : keys.data.data.length === 0 ? (
        <Empty title={t('settings.noKeys')} />
      ) : (
        <ScrollArea viewportProps={{ tabIndex: 0 }}>
          <Table aria-label={t('settings.apiKeys')} miw={560}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.keyName')}</Table.Th>
                <Table.Th>{t('settings.role')}</Table.Th>
                <Table.Th>{t('settings.key')}</Table.Th>
                <Table.Th>{t('settings.created')}</Table.Th>
                <Table.Th>{t('settings.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.data.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>{key.name}</Table.Td>
                  <Table.Td>{t(roleKey(key.role))}</Table.Td>
                  <Table.Td>{key.hint}</Table.Td>
                  <Table.Td>{t('settings.createdBy', { time: format.dateTime(key.created_at), who: key.created_by })}</Table.Td>
                  <Table.Td>
                    {key.revoked_at === null ? (
                      <Button size="xs" variant="outline" color="red.9" onClick={() => revoke.mutate(key.id)} aria-label={t('settings.revokeKey', { name: key.name })}>
                        {t('settings.revoke')}
                      </Button>
                    ) : (
                      t('settings.revokedAt', { time: format.dateTime(key.revoked_at) })
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}

function AppsTab() {
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
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.name')}</Table.Th>
                <Table.Th>{t('settings.appId')}</Table.Th>
                <Table.Th>{t('settings.callbackUrl')}</Table.Th>
                <Table.Th>{t('settings.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
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
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.tokenId')}</Table.Th>
              <Table.Th>{t('settings.app')}</Table.Th>
              <Table.Th>{t('settings.permissions')}</Table.Th>
              <Table.Th>{t('settings.created')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
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

function PolicyTab() {
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

function AuditTab() {
  const { t, format } = useI18n();
  const { businessId } = useSession();
  const audit = useQuery({ queryKey: ['audit', businessId], queryFn: () => api<{ data: AuditEntry[] }>('GET', '/admin/audit', { query: { business_id: businessId, limit: 200 } }) });
  if (audit.isPending) return <Loading />;
  if (audit.isError) return <ErrorState error={audit.error} retry={() => void audit.refetch()} />;
  if (audit.data.data.length === 0) return <Empty title={t('settings.noAudit')} />;
  return (
    <ScrollArea viewportProps={{ tabIndex: 0 }}>
      <Table aria-label={t('settings.audit')} miw={600} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('messages.when')}</Table.Th>
            <Table.Th>{t('settings.actor')}</Table.Th>
            <Table.Th>{t('settings.action')}</Table.Th>
            <Table.Th>{t('settings.target')}</Table.Th>
            <Table.Th>{t('settings.outcome')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
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

export function SettingsPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<string | null>('users');
  return (
    <Stack>
      <Title order={2}>{t('nav.settings')}</Title>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="users">{t('settings.users')}</Tabs.Tab>
          <Tabs.Tab value="keys">{t('settings.apiKeys')}</Tabs.Tab>
          <Tabs.Tab value="apps">{t('settings.appsAndTokens')}</Tabs.Tab>
          <Tabs.Tab value="policy">{t('settings.policy')}</Tabs.Tab>
          <Tabs.Tab value="audit">{t('settings.audit')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users" pt="md">
          <UsersTab />
        </Tabs.Panel>
        <Tabs.Panel value="keys" pt="md">
          <ApiKeysTab />
        </Tabs.Panel>
        <Tabs.Panel value="apps" pt="md">
          <AppsTab />
        </Tabs.Panel>
        <Tabs.Panel value="policy" pt="md">
          <PolicyTab />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
