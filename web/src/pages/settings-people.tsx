/** Settings: the business's people (users, invitations) and its API keys. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Group, ScrollArea, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { TableHead } from '../components/table-head.js';
import { Empty, ErrorState, Loading, roleKey, WriteError } from '../components/states.js';
import { holds, useSession, type Role } from '../session.js';
import { ShownOnce, useRoleOptions } from './settings-shared.js';

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

export function UsersTab() {
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
            <TableHead labels={[t('settings.name'), t('settings.email'), t('settings.role'), t('settings.actions')]} />
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
            <TableHead labels={[t('settings.email'), t('settings.role'), t('settings.state'), t('settings.actions')]} />
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

export function ApiKeysTab() {
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
            <TableHead labels={[t('settings.keyName'), t('settings.role'), t('settings.key'), t('settings.created'), t('settings.actions')]} />
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

