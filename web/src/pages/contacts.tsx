import { useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Group, ScrollArea, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { TableHead } from '../components/table-head.js';
import { badgeColors } from '../components/badges.js';
import { Empty, ErrorState, Loading, WriteError } from '../components/states.js';
import { holds, useSession } from '../session.js';
import { ContactDrawer } from './contact-detail.js';
import { ImportPanel } from './contacts-import.js';

export interface Contact {
  readonly id: string;
  readonly wa_id: string;
  readonly phone: string;
  readonly name: string;
  readonly tags: readonly string[];
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly verification: string;
  readonly identity: { readonly hash: string | null; readonly pending_change: { readonly hash: string; readonly detected_at: string } | null };
  readonly source: string;
  readonly created_at: string;
}

interface ContactPage {
  readonly data: readonly Contact[];
  readonly paging: { readonly after: string | null };
}

function NewContact({ businessId }: { readonly businessId: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [form, setForm] = useState({ phone: '', name: '', tags: '' });
  const create = useMutation({
    mutationFn: () =>
      api<Contact & { created: boolean }>('POST', `/admin/businesses/${businessId}/contacts`, {
        body: { phone: form.phone, ...(form.name.trim() === '' ? {} : { name: form.name.trim() }), tags: form.tags.split(',').map((tag) => tag.trim()).filter((tag) => tag.length > 0) },
      }),
    onSuccess: async () => {
      setForm({ phone: '', name: '', tags: '' });
      await client.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Card withBorder component="section" aria-labelledby="new-contact-title">
      <Title order={3} size="h4" id="new-contact-title" mb="xs">
        {t('contacts.new')}
      </Title>
      <form onSubmit={submit}>
        <Group align="flex-end" gap="xs">
          <TextInput label={t('contacts.phone')} description={t('contacts.phoneHint')} value={form.phone} onChange={(event) => setForm({ ...form, phone: event.currentTarget.value })} required inputMode="tel" />
          <TextInput label={t('contacts.name')} value={form.name} onChange={(event) => setForm({ ...form, name: event.currentTarget.value })} />
          <TextInput label={t('contacts.tags')} description={t('contacts.tagsHint')} value={form.tags} onChange={(event) => setForm({ ...form, tags: event.currentTarget.value })} />
          <Button type="submit" loading={create.isPending}>
            {t('contacts.add')}
          </Button>
        </Group>
        {create.data === undefined ? null : (
          <Text size="sm" role="status" mt="xs">
            {create.data.created ? t('contacts.added', { phone: create.data.phone }) : t('contacts.updated', { phone: create.data.phone })}
          </Text>
        )}
        <WriteError error={create.error} />
      </form>
    </Card>
  );
}

export function ContactsPage() {
  const { t, format } = useI18n();
  const { businessId, who } = useSession();
  const [q, setQ] = useState('');
  const [tag, setTag] = useState('');
  const [opened, setOpened] = useState<Contact | undefined>(undefined);
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [debouncedTag] = useDebouncedValue(tag.trim(), 300);
  const contacts = useInfiniteQuery({
    queryKey: ['contacts', businessId, debouncedQ, debouncedTag],
    queryFn: ({ pageParam }) =>
      api<ContactPage>('GET', `/admin/businesses/${businessId ?? ''}/contacts`, { query: { q: debouncedQ, tag: debouncedTag, after: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.paging.after ?? undefined,
    enabled: businessId !== undefined,
  });
  const rows = contacts.data?.pages.flatMap((page) => page.data) ?? [];
  const admin = holds(who, 'admin');
  const searching = debouncedQ !== '' || debouncedTag !== '';
  return (
    <Stack>
      <Title order={2}>{t('nav.contacts')}</Title>
      <Text size="sm">{t('contacts.intro')}</Text>
      <Group align="flex-end" gap="xs">
        <TextInput label={t('contacts.search')} description={t('contacts.searchHint')} value={q} onChange={(event) => setQ(event.currentTarget.value)} type="search" style={{ flex: 1, minWidth: 220 }} />
        <TextInput label={t('contacts.tag')} value={tag} onChange={(event) => setTag(event.currentTarget.value)} w={180} />
      </Group>
      {contacts.isPending && businessId !== undefined ? <Loading /> : null}
      {contacts.isError ? <ErrorState error={contacts.error} retry={() => void contacts.refetch()} /> : null}
      {contacts.data !== undefined && rows.length === 0 ? <Empty title={searching ? t('contacts.noMatch') : t('contacts.none')} description={searching ? undefined : t('contacts.noneHint')} /> : null}
      {rows.length === 0 ? null : (
        <ScrollArea viewportProps={{ tabIndex: 0, 'aria-label': t('nav.contacts') }}>
          <Table aria-label={t('nav.contacts')} miw={640} striped>
            <TableHead labels={[t('contacts.name'), t('contacts.phone'), t('contacts.tags'), t('contacts.verification'), t('contacts.identity'), t('contacts.createdAt')]} />
            <Table.Tbody>
              {rows.map((contact) => (
                <Table.Tr key={contact.id}>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => setOpened(contact)} aria-label={t('contacts.open', { name: contact.name === '' ? contact.phone : contact.name })}>
                      {contact.name === '' ? t('contacts.noName') : contact.name}
                    </Button>
                  </Table.Td>
                  <Table.Td>{contact.phone}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {contact.tags.map((name) => (
                        <Badge key={name} color={badgeColors.blue} variant="filled" tt="none">
                          {name}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{contact.verification}</Table.Td>
                  <Table.Td>
                    {contact.identity.pending_change === null ? (
                      t('contacts.identityOk')
                    ) : (
                      <Badge color={badgeColors.orange} variant="filled" tt="none">
                        {t('contacts.identityChanged')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{format.dateTime(contact.created_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {contacts.hasNextPage ? (
        <Button variant="outline" onClick={() => void contacts.fetchNextPage()} loading={contacts.isFetchingNextPage} w="fit-content">
          {t('contacts.more')}
        </Button>
      ) : null}
      {businessId === undefined ? null : <NewContact businessId={businessId} />}
      {admin && businessId !== undefined ? <ImportPanel businessId={businessId} /> : null}
      {opened === undefined || businessId === undefined ? null : <ContactDrawer businessId={businessId} contact={opened} onClose={() => setOpened(undefined)} />}
    </Stack>
  );
}
