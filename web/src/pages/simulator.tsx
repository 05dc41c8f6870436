import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Grid, Group, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { ChatBubble, type ChatMessage, type PhoneActions } from '../components/chat-message.js';
import { ShareForms, UserActions, WindowState } from './simulator-actions.js';
import { Empty, ErrorState, Loading, WriteError } from '../components/states.js';
import { holds, useSession } from '../session.js';

interface SimUser {
  readonly wa_id: string;
  readonly name: string;
  readonly on_whatsapp: boolean;
}

interface Clock {
  readonly iso: string;
  readonly mode: 'running' | 'frozen';
}

interface Numbers {
  readonly numbers: readonly { readonly id: string; readonly display_phone_number: string; readonly verified_name: string }[];
}

function Phone({ user, numberId }: { readonly user: SimUser; readonly numberId: string | undefined }) {
  const { t } = useI18n();
  const { businessId } = useSession();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const chat = useQuery({
    queryKey: ['chat', user.wa_id, businessId],
    queryFn: () => api<{ data: ChatMessage[] }>('GET', `/sim/users/${user.wa_id}/messages`, { query: { business_id: businessId, limit: 100 } }),
  });
  const send = useMutation({
    mutationFn: () => api('POST', '/sim/messages', { body: { from: user.wa_id, text, name: user.name, ...(numberId === undefined ? {} : { to: numberId }) } }),
    onSuccess: async () => {
      setText('');
      await client.invalidateQueries({ queryKey: ['chat', user.wa_id] });
    },
  });
  // The newest message in view, as a phone keeps it.
  const list = useRef<HTMLOListElement>(null);
  const count = chat.data?.data.length ?? 0;
  useEffect(() => {
    if (list.current !== null) list.current.scrollTop = list.current.scrollHeight;
  }, [count]);
  const act = useMutation({
    mutationFn: (input: { path: 'tap' | 'order'; body: Record<string, unknown> }) => api('POST', `/sim/users/${user.wa_id}/${input.path}`, { body: input.body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['chat', user.wa_id] }),
  });
  const actions: PhoneActions = {
    tap: (messageId, replyId) => act.mutate({ path: 'tap', body: { message_id: messageId, id: replyId } }),
    order: (messageId, items) => act.mutate({ path: 'order', body: { message_id: messageId, items } }),
    busy: act.isPending,
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (text.trim().length > 0) send.mutate();
  };
  return (
    <section className="kabar-phone" aria-label={t('simulator.phoneOf', { name: user.name })}>
      <div className="kabar-phone-header">
        <Text fw={700}>{user.name}</Text>
        <Text size="sm">+{user.wa_id}</Text>
      </div>
      {chat.isPending ? <Loading /> : null}
      {chat.isError ? <ErrorState error={chat.error} retry={() => void chat.refetch()} /> : null}
      {chat.data === undefined ? null : chat.data.data.length === 0 ? (
        <Text p="md" size="sm">
          {t('simulator.noChat')}
        </Text>
      ) : (
        <ol ref={list} className="kabar-chat" aria-label={t('simulator.chat')} aria-live="polite" tabIndex={0}>
          {chat.data.data.map((message) => (
            <ChatBubble key={message.id} message={message} actions={actions} />
          ))}
        </ol>
      )}
      <div style={{ padding: '0 0.75rem' }}>
        <WriteError error={act.error} />
      </div>
      {chat.data === undefined ? null : <WindowState messages={chat.data.data} />}
      <form onSubmit={submit} style={{ padding: '0.75rem', background: '#f0f2f5' }}>
        <Group align="flex-end" wrap="nowrap">
          <Textarea
            label={t('simulator.writeAs', { name: user.name })}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            autosize
            minRows={1}
            maxRows={4}
            style={{ flex: 1 }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) submit(event);
            }}
          />
          <Button type="submit" loading={send.isPending} disabled={!user.on_whatsapp}>
            {t('simulator.send')}
          </Button>
        </Group>
        <WriteError error={send.error} />
      </form>
      {user.on_whatsapp ? <ShareForms user={user} numberId={numberId} /> : null}
    </section>
  );
}

function ClockPanel() {
  const { t, format } = useI18n();
  const { who } = useSession();
  const client = useQueryClient();
  const [custom, setCustom] = useState('');
  const clock = useQuery({ queryKey: ['clock'], queryFn: () => api<Clock>('GET', '/sim/clock') });
  const advance = useMutation({
    mutationFn: (by: string) => api<{ advanced_ms: number; statuses_applied: number; timers_run: number }>('POST', '/sim/clock/advance', { body: { by } }),
    onSuccess: () => client.invalidateQueries(),
  });
  const owner = holds(who, 'owner');
  return (
    <Card withBorder component="section" aria-labelledby="clock-title">
      <Stack gap="xs">
        <Title order={3} size="h4" id="clock-title">
          {t('simulator.clock')}
        </Title>
        <Text size="sm" aria-live="polite">
          {clock.data === undefined ? '—' : t('simulator.clockNow', { time: format.dateTime(clock.data.iso), mode: clock.data.mode === 'frozen' ? t('simulator.frozen') : t('simulator.running') })}
        </Text>
        {owner ? (
          <>
            <Group gap="xs">
              {['1m', '1h', '25h', '7d'].map((by) => (
                <Button key={by} variant="outline" size="xs" onClick={() => advance.mutate(by)} loading={advance.isPending && advance.variables === by}>
                  +{by}
                </Button>
              ))}
            </Group>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                if (custom.trim().length > 0) advance.mutate(custom.trim());
              }}
            >
              <Group align="flex-end" gap="xs">
                <TextInput label={t('simulator.advanceBy')} description={t('simulator.advanceHint')} value={custom} onChange={(event) => setCustom(event.currentTarget.value)} size="xs" />
                <Button type="submit" size="xs">
                  {t('simulator.advance')}
                </Button>
              </Group>
            </form>
            {advance.data === undefined ? null : (
              <Text size="sm" role="status">
                {t('simulator.advanced', { statuses: format.number(advance.data.statuses_applied), timers: format.number(advance.data.timers_run) })}
              </Text>
            )}
            <WriteError error={advance.error} />
          </>
        ) : (
          <Text size="sm">{t('simulator.clockOwnerOnly')}</Text>
        )}
      </Stack>
    </Card>
  );
}

export function SimulatorPage() {
  const { t } = useI18n();
  const { businessId } = useSession();
  const client = useQueryClient();
  const [selected, setSelected] = useState<string | null>(null);
  const [numberId, setNumberId] = useState<string | null>(null);
  const [newNumber, setNewNumber] = useState('');
  const [newName, setNewName] = useState('');
  const users = useQuery({ queryKey: ['sim-users', businessId], queryFn: () => api<{ data: SimUser[] }>('GET', '/sim/users', { query: { business_id: businessId } }) });
  const numbers = useQuery({ queryKey: ['overview', businessId], queryFn: () => api<Numbers>('GET', '/admin/overview', { query: { business_id: businessId } }) });
  const firstNumber = numbers.data?.numbers[0]?.id ?? null;
  useEffect(() => {
    if (numberId === null && firstNumber !== null) setNumberId(firstNumber);
  }, [firstNumber, numberId]);
  const create = useMutation({
    mutationFn: () => api<SimUser>('POST', '/sim/users', { body: { wa_id: newNumber.replace(/[^0-9]/g, ''), name: newName.trim() || undefined } }),
    onSuccess: async (user) => {
      client.setQueryData(['sim-users', businessId], (current: { data: SimUser[] } | undefined) => ({ data: [user, ...(current?.data ?? []).filter((entry) => entry.wa_id !== user.wa_id)] }));
      setSelected(user.wa_id);
      setNewNumber('');
      setNewName('');
      await client.invalidateQueries({ queryKey: ['sim-users'] });
    },
  });
  const list = users.data?.data ?? [];
  const user = list.find((entry) => entry.wa_id === selected);
  const firstUser = list[0]?.wa_id ?? null;
  useEffect(() => {
    if (selected === null && firstUser !== null) setSelected(firstUser);
  }, [firstUser, selected]);
  return (
    <Stack>
      <Title order={2}>{t('nav.simulator')}</Title>
      <Text size="sm">{t('simulator.intro')}</Text>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Card withBorder component="section" aria-labelledby="users-title">
              <Stack gap="xs">
                <Title order={3} size="h4" id="users-title">
                  {t('simulator.users')}
                </Title>
                {users.isError ? <ErrorState error={users.error} retry={() => void users.refetch()} /> : null}
                <Select
                  label={t('simulator.pickUser')}
                  placeholder={list.length === 0 ? t('simulator.noUsers') : t('simulator.pickUser')}
                  data={list.map((entry) => ({ value: entry.wa_id, label: `${entry.name} (+${entry.wa_id})` }))}
                  value={selected}
                  onChange={setSelected}
                  searchable
                />
                {(numbers.data?.numbers.length ?? 0) > 1 ? (
                  <Select
                    label={t('simulator.writesTo')}
                    data={(numbers.data?.numbers ?? []).map((number) => ({ value: number.id, label: `+${number.display_phone_number} · ${number.verified_name}` }))}
                    value={numberId}
                    onChange={setNumberId}
                    allowDeselect={false}
                  />
                ) : null}
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    create.mutate();
                  }}
                >
                  <Stack gap="xs">
                    <Text fw={600} size="sm">
                      {t('simulator.newUser')}
                    </Text>
                    <TextInput label={t('simulator.newNumber')} description={t('simulator.newNumberHint')} value={newNumber} onChange={(event) => setNewNumber(event.currentTarget.value)} required inputMode="tel" />
                    <TextInput label={t('simulator.newName')} value={newName} onChange={(event) => setNewName(event.currentTarget.value)} />
                    <Button type="submit" variant="outline" loading={create.isPending}>
                      {t('simulator.create')}
                    </Button>
                    <WriteError error={create.error} />
                  </Stack>
                </form>
              </Stack>
            </Card>
            {user === undefined ? null : <UserActions user={user} numberId={numberId ?? undefined} onMoved={setSelected} />}
            <ClockPanel />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {user === undefined ? <Empty title={t('simulator.pickFirst')} description={t('simulator.pickFirstHint')} /> : <Phone user={user} numberId={numberId ?? undefined} />}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
