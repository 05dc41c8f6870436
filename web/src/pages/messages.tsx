import { useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Group, ScrollArea, Select, Stack, Table, Text, Textarea, TextInput, Timeline, Title } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { TableHead } from '../components/table-head.js';
import { StateBadge } from '../components/badges.js';
import { Empty, ErrorState, Loading, WriteError } from '../components/states.js';
import { holds, useSession } from '../session.js';

interface LoggedMessage {
  readonly id: string;
  readonly key: string;
  readonly phone_number_id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly wa_id: string;
  readonly type: string;
  readonly content: { readonly body?: string };
  readonly status: string;
  readonly error_code: number | null;
  readonly created_at: string;
}

interface Page {
  readonly data: readonly LoggedMessage[];
  readonly paging: { readonly next_before: string | null; readonly scanned_to: string | null };
}

interface Delivery {
  readonly key: string;
  readonly url: string;
  readonly event: string;
  readonly status: 'pending' | 'delivered' | 'dead';
  readonly attempts: readonly { readonly attempt: number; readonly attempted_at: string; readonly response_status: number | null; readonly error: string | null; readonly duration_ms: number }[];
  readonly next_attempt_at: string | null;
  readonly last_error: string | null;
}

interface Detail {
  readonly message: LoggedMessage;
  readonly timeline: readonly { readonly status: string; readonly at: string; readonly error_code: number | null }[];
  readonly deliveries: readonly Delivery[];
}

const statuses = ['accepted', 'sent', 'delivered', 'read', 'failed', 'received'] as const;
const statusKeys = { accepted: 'status.accepted', sent: 'status.sent', delivered: 'status.delivered', read: 'status.read', failed: 'status.failed', received: 'status.received' } as const;
const deliveryKeys = { pending: 'delivery.pending', delivered: 'delivery.delivered', dead: 'delivery.dead' } as const;

function statusLabel(status: string): (typeof statusKeys)[keyof typeof statusKeys] | undefined {
  return status in statusKeys ? statusKeys[status as keyof typeof statusKeys] : undefined;
}

function Reply({ message }: { readonly message: LoggedMessage }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const send = useMutation({
    mutationFn: () => api('POST', '/admin/messages', { body: { phone_number_id: message.phone_number_id, to: message.wa_id, text } }),
    onSuccess: async () => {
      setText('');
      await client.invalidateQueries({ queryKey: ['messages'] });
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (text.trim().length > 0) send.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Textarea label={t('messages.replyTo', { user: `+${message.wa_id}` })} value={text} onChange={(event) => setText(event.currentTarget.value)} autosize minRows={2} />
        <Group>
          <Button type="submit" loading={send.isPending}>
            {t('messages.sendReply')}
          </Button>
          {send.isSuccess ? (
            <Text size="sm" role="status">
              {t('messages.replySent')}
            </Text>
          ) : null}
        </Group>
        <WriteError error={send.error} />
      </Stack>
    </form>
  );
}

function DeliveryRow({ delivery }: { readonly delivery: Delivery }) {
  const { t, format } = useI18n();
  const { who } = useSession();
  const client = useQueryClient();
  const replay = useMutation({
    mutationFn: () => api('POST', `/admin/webhooks/outbox/${delivery.key}/replay`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['message'] }),
  });
  const failed = delivery.status === 'dead' || (delivery.status === 'pending' && delivery.attempts.length > 0);
  return (
    <Stack gap={4} component="li">
      <Group gap="xs">
        <Text fw={600} size="sm">
          {delivery.event}
        </Text>
        <StateBadge value={delivery.status === 'delivered' ? 'delivered_webhook' : delivery.status} label={deliveryKeys[delivery.status]} />
      </Group>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {delivery.url}
      </Text>
      {delivery.attempts.length === 0 ? (
        <Text size="sm">{t('messages.noAttempts')}</Text>
      ) : (
        <Table fz="sm" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('messages.when')}</Table.Th>
              <Table.Th>{t('messages.response')}</Table.Th>
              <Table.Th>{t('messages.latency')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {delivery.attempts.map((attempt) => (
              <Table.Tr key={attempt.attempt}>
                <Table.Td>{attempt.attempt}</Table.Td>
                <Table.Td>{format.dateTime(attempt.attempted_at)}</Table.Td>
                <Table.Td>{attempt.response_status === null ? (attempt.error ?? '—') : `HTTP ${attempt.response_status}`}</Table.Td>
                <Table.Td>{t('messages.ms', { ms: format.number(attempt.duration_ms) })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {delivery.next_attempt_at === null ? null : <Text size="sm">{t('messages.nextAttempt', { time: format.dateTime(delivery.next_attempt_at) })}</Text>}
      {failed && holds(who, 'admin') ? (
        <Group>
          <Button size="xs" variant="outline" onClick={() => replay.mutate()} loading={replay.isPending}>
            {t('messages.replay')}
          </Button>
          {replay.isSuccess ? (
            <Text size="sm" role="status">
              {t('messages.replayed')}
            </Text>
          ) : null}
        </Group>
      ) : null}
      <WriteError error={replay.error} />
    </Stack>
  );
}

function MessageDetail({ id }: { readonly id: string }) {
  const { t, format } = useI18n();
  const detail = useQuery({ queryKey: ['message', id], queryFn: () => api<Detail>('GET', `/admin/messages/${encodeURIComponent(id)}`) });
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  const { message, timeline, deliveries } = detail.data;
  return (
    <Stack>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {message.id}
      </Text>
      <Text>{message.content.body ?? `(${message.type})`}</Text>
      <Title order={3} size="h5">
        {t('messages.timeline')}
      </Title>
      <Timeline active={timeline.length - 1} bulletSize={14} lineWidth={2}>
        {timeline.map((entry) => {
          const label = statusLabel(entry.status);
          return (
            <Timeline.Item key={`${entry.status}-${entry.at}`} title={label === undefined ? entry.status : t(label)}>
              <Text size="sm">{format.dateTime(entry.at)}</Text>
              {entry.error_code === null ? null : <Text size="sm">{t('messages.errorCode', { code: entry.error_code })}</Text>}
            </Timeline.Item>
          );
        })}
      </Timeline>
      <Title order={3} size="h5">
        {t('messages.deliveries')}
      </Title>
      {deliveries.length === 0 ? (
        <Text size="sm">{t('messages.noDeliveries')}</Text>
      ) : (
        <Stack component="ul" style={{ listStyle: 'none', padding: 0 }}>
          {deliveries.map((delivery) => (
            <DeliveryRow key={delivery.key} delivery={delivery} />
          ))}
        </Stack>
      )}
      {message.direction === 'inbound' ? <Reply message={message} /> : null}
    </Stack>
  );
}

export function MessagesPage() {
  const { t, format } = useI18n();
  const { businessId } = useSession();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 300);
  const [direction, setDirection] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const filters = { business_id: businessId, q: debounced.trim() || undefined, direction: direction ?? undefined, status: status ?? undefined };
  const log = useInfiniteQuery({
    queryKey: ['messages', filters],
    queryFn: ({ pageParam }) => api<Page>('GET', '/admin/messages', { query: { ...filters, before: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.paging.next_before ?? undefined,
  });
  const rows = log.data?.pages.flatMap((page) => page.data) ?? [];
  const lastPage = log.data?.pages[log.data.pages.length - 1];
  return (
    <Stack>
      <Title order={2}>{t('nav.messages')}</Title>
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('messages.search')} description={t('messages.searchHint')} value={search} onChange={(event) => setSearch(event.currentTarget.value)} type="search" w={{ base: '100%', sm: 320 }} />
        <Select label={t('messages.direction')} clearable value={direction} onChange={setDirection} data={[{ value: 'inbound', label: t('messages.inbound') }, { value: 'outbound', label: t('messages.outbound') }]} placeholder={t('messages.any')} w={160} />
        <Select label={t('messages.status')} clearable value={status} onChange={setStatus} data={statuses.map((entry) => ({ value: entry, label: t(statusKeys[entry]) }))} placeholder={t('messages.any')} w={160} />
      </Group>
      {log.isPending ? <Loading /> : null}
      {log.isError ? <ErrorState error={log.error} retry={() => void log.refetch()} /> : null}
      {log.data !== undefined && rows.length === 0 && !log.hasNextPage ? <Empty title={t('messages.empty')} description={t('messages.emptyHint')} /> : null}
      {rows.length === 0 ? null : (
        <ScrollArea viewportProps={{ tabIndex: 0 }}>
          <Table striped highlightOnHover aria-label={t('nav.messages')} miw={narrow === true ? 520 : undefined}>
            <TableHead labels={[t('messages.text'), t('messages.status'), t('messages.when'), t('messages.who')]} />
            <Table.Tbody>
              {rows.map((message) => {
                const label = statusLabel(message.status);
                return (
                  <Table.Tr key={message.key}>
                    <Table.Td>
                      <Button variant="subtle" size="compact-sm" onClick={() => setOpen(message.id)} aria-label={t('messages.open', { text: message.content.body ?? message.type })} styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}>
                        {message.content.body ?? `(${message.type})`}
                      </Button>
                    </Table.Td>
                    <Table.Td>
                      <StateBadge value={message.status} {...(label === undefined ? {} : { label })} />
                    </Table.Td>
                    <Table.Td>{format.dateTime(message.created_at)}</Table.Td>
                    <Table.Td>
                      {message.direction === 'inbound' ? t('messages.fromUser', { user: `+${message.wa_id}` }) : t('messages.toUser', { user: `+${message.wa_id}` })}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {log.hasNextPage ? (
        <Group>
          <Button variant="outline" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
            {t('messages.older')}
          </Button>
          {lastPage?.paging.scanned_to === null || lastPage === undefined ? null : <Text size="sm">{t('messages.searchedTo', { time: format.dateTime(lastPage.paging.scanned_to) })}</Text>}
        </Group>
      ) : null}
      <Drawer opened={open !== null} onClose={() => setOpen(null)} title={t('messages.detail')} position="right" size={narrow === true ? '100%' : 'lg'} closeButtonProps={{ 'aria-label': t('common.close') }}>
        {open === null ? null : <MessageDetail id={open} />}
      </Drawer>
    </Stack>
  );
}
