import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, FileInput, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, upload } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { badgeColors } from '../components/badges.js';
import { WriteError } from '../components/states.js';
import type { ChatMessage } from '../components/chat-message.js';

interface SimUser {
  readonly wa_id: string;
  readonly name: string;
  readonly on_whatsapp: boolean;
}

interface Standing {
  readonly blocked: boolean;
  readonly stopped_marketing: boolean;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The customer service window as the business sees it from this chat: open for 24 hours after the
 * customer's last message, then only templates may start a conversation. It follows the simulated clock.
 */
export function WindowState({ messages }: { readonly messages: readonly ChatMessage[] }) {
  const { t, format } = useI18n();
  const clock = useQuery({ queryKey: ['clock'], queryFn: () => api<{ iso: string }>('GET', '/sim/clock') });
  if (clock.data === undefined) return null;
  const last = [...messages].reverse().find((message) => message.direction === 'inbound');
  const now = Date.parse(clock.data.iso);
  const until = last === undefined ? undefined : Date.parse(last.timestamp) + dayMs;
  const open = until !== undefined && until > now;
  const text = until === undefined ? t('phone.windowNone') : open ? t('phone.windowOpen', { time: format.dateTime(new Date(until).toISOString()) }) : t('phone.windowClosed', { time: format.dateTime(new Date(until).toISOString()) });
  return (
    <Group gap="xs" px="sm" pb="xs" wrap="nowrap" role="status" aria-live="polite" data-window={open ? 'open' : 'closed'}>
      <Badge color={open ? badgeColors.green : badgeColors.neutral} variant="filled" tt="none" style={{ flexShrink: 0 }}>
        {open ? t('phone.windowOpenShort') : t('phone.windowClosedShort')}
      </Badge>
      <Text size="xs">{text}</Text>
    </Group>
  );
}

type Action = 'block' | 'unblock' | 'report' | 'stop-marketing' | 'resume-marketing' | 'reinstall';

const actionLabels: Readonly<Record<Action, MessageKey>> = {
  block: 'phone.block',
  unblock: 'phone.unblock',
  report: 'phone.report',
  'stop-marketing': 'phone.stopMarketing',
  'resume-marketing': 'phone.resumeMarketing',
  reinstall: 'phone.reinstall',
};

const actionDone: Readonly<Record<Action, MessageKey>> = {
  block: 'phone.blocked',
  unblock: 'phone.unblocked',
  report: 'phone.reported',
  'stop-marketing': 'phone.stoppedMarketing',
  'resume-marketing': 'phone.resumedMarketing',
  reinstall: 'phone.reinstalled',
};

/** What the customer does besides writing: block, report, opt out of marketing, reinstall WhatsApp, change number. */
export function UserActions({ user, numberId, onMoved }: { readonly user: SimUser; readonly numberId: string | undefined; readonly onMoved: (waId: string) => void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [standing, setStanding] = useState<Standing | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [newNumber, setNewNumber] = useState('');
  const act = useMutation({
    mutationFn: (action: Action) =>
      api<Partial<Standing>>('POST', `/sim/users/${user.wa_id}/${action}`, { body: action === 'reinstall' || numberId === undefined ? {} : { phone_number_id: numberId } }),
    onSuccess: async (answer, action) => {
      if (answer.blocked !== undefined && answer.stopped_marketing !== undefined) setStanding({ blocked: answer.blocked, stopped_marketing: answer.stopped_marketing });
      setDone(t(actionDone[action]));
      await client.invalidateQueries({ queryKey: ['chat', user.wa_id] });
    },
  });
  const move = useMutation({
    mutationFn: () => api<{ wa_id: string }>('POST', `/sim/users/${user.wa_id}/change-number`, { body: { new_wa_id: newNumber.replace(/[^0-9]/g, '') } }),
    onSuccess: async (answer) => {
      setDone(t('phone.numberChanged', { number: `+${answer.wa_id}` }));
      setNewNumber('');
      await client.invalidateQueries({ queryKey: ['sim-users'] });
      onMoved(answer.wa_id);
    },
  });
  return (
    <Card withBorder component="section" aria-labelledby="user-actions-title">
      <Stack gap="xs">
        <Title order={3} size="h4" id="user-actions-title">
          {t('phone.actionsOf', { name: user.name })}
        </Title>
        {standing === undefined ? null : (
          <Group gap="xs">
            <Badge color={standing.blocked ? badgeColors.red : badgeColors.green} variant="filled" tt="none">
              {standing.blocked ? t('phone.isBlocked') : t('phone.notBlocked')}
            </Badge>
            <Badge color={standing.stopped_marketing ? badgeColors.orange : badgeColors.green} variant="filled" tt="none">
              {standing.stopped_marketing ? t('phone.isOptedOut') : t('phone.marketingOn')}
            </Badge>
          </Group>
        )}
        <Group gap="xs">
          {(Object.keys(actionLabels) as Action[]).map((action) => (
            <Button key={action} size="xs" variant="outline" color={action === 'block' || action === 'report' ? 'red.9' : undefined} loading={act.isPending && act.variables === action} onClick={() => act.mutate(action)}>
              {t(actionLabels[action])}
            </Button>
          ))}
        </Group>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (newNumber.trim().length > 0) move.mutate();
          }}
        >
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput label={t('phone.changeNumber')} description={t('phone.changeNumberHint')} value={newNumber} onChange={(event) => setNewNumber(event.currentTarget.value)} inputMode="tel" size="xs" style={{ flex: 1 }} />
            <Button type="submit" size="xs" variant="outline" loading={move.isPending}>
              {t('phone.change')}
            </Button>
          </Group>
        </form>
        {done === undefined ? null : (
          <Text size="sm" role="status">
            {done}
          </Text>
        )}
        <WriteError error={act.error ?? move.error} />
      </Stack>
    </Card>
  );
}

/** Besides text, what a customer can send from the phone: a location or a contact card. */
/** How a phone sends a file: JPEG and PNG as a photo, videos and audio as such, anything else as a document. */
function kindOf(file: File): 'image' | 'video' | 'audio' | 'document' {
  if (file.type === 'image/jpeg' || file.type === 'image/png') return 'image';
  if (file.type.startsWith('video/')) return 'video';
  if (file.type.startsWith('audio/')) return 'audio';
  return 'document';
}

export function ShareForms({ user, numberId }: { readonly user: SimUser; readonly numberId: string | undefined }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [open, setOpen] = useState<'location' | 'contact' | 'media' | undefined>(undefined);
  const [attachment, setAttachment] = useState<{ file: File | null; caption: string }>({ file: null, caption: '' });
  const sendMedia = useMutation({
    mutationFn: (chosen: File) => {
      const kind = kindOf(chosen);
      const caption = attachment.caption.trim();
      return upload(`/sim/users/${user.wa_id}/media`, chosen, () => undefined, {
        kind,
        name: user.name,
        ...(numberId === undefined ? {} : { to: numberId }),
        ...(caption === '' || kind === 'audio' ? {} : { caption }),
      });
    },
    onSuccess: async () => {
      setOpen(undefined);
      setAttachment({ file: null, caption: '' });
      await client.invalidateQueries({ queryKey: ['chat', user.wa_id] });
    },
  });
  const [place, setPlace] = useState({ name: '', address: '', latitude: '-6.2', longitude: '106.816666' });
  const [card, setCard] = useState({ name: '', phone: '' });
  const share = useMutation({
    mutationFn: (body: Record<string, unknown>) => api('POST', `/sim/users/${user.wa_id}/messages`, { body: { ...body, ...(numberId === undefined ? {} : { to: numberId }) } }),
    onSuccess: async () => {
      setOpen(undefined);
      await client.invalidateQueries({ queryKey: ['chat', user.wa_id] });
    },
  });
  const sendLocation = (event: FormEvent): void => {
    event.preventDefault();
    share.mutate({
      location: {
        latitude: Number(place.latitude),
        longitude: Number(place.longitude),
        ...(place.name.trim() === '' ? {} : { name: place.name.trim() }),
        ...(place.address.trim() === '' ? {} : { address: place.address.trim() }),
      },
    });
  };
  const sendCard = (event: FormEvent): void => {
    event.preventDefault();
    share.mutate({ contacts: [{ name: { formatted_name: card.name.trim(), first_name: card.name.trim() }, phones: [{ phone: card.phone.trim(), type: 'CELL' }] }] });
  };
  return (
    <div style={{ padding: '0 0.75rem 0.75rem', background: '#f0f2f5' }}>
      <Group gap="xs">
        <Button size="xs" color={badgeColors.blue} variant={open === 'location' ? 'filled' : 'outline'} aria-expanded={open === 'location'} onClick={() => setOpen(open === 'location' ? undefined : 'location')}>
          {t('phone.shareLocation')}
        </Button>
        <Button size="xs" color={badgeColors.blue} variant={open === 'contact' ? 'filled' : 'outline'} aria-expanded={open === 'contact'} onClick={() => setOpen(open === 'contact' ? undefined : 'contact')}>
          {t('phone.shareContact')}
        </Button>
        <Button size="xs" color={badgeColors.blue} variant={open === 'media' ? 'filled' : 'outline'} aria-expanded={open === 'media'} onClick={() => setOpen(open === 'media' ? undefined : 'media')}>
          {t('phone.shareMedia')}
        </Button>
      </Group>
      {open === 'location' ? (
        <form onSubmit={sendLocation}>
          <Stack gap={4} mt="xs">
            <TextInput size="xs" label={t('phone.placeName')} value={place.name} onChange={(event) => setPlace({ ...place, name: event.currentTarget.value })} />
            <TextInput size="xs" label={t('phone.placeAddress')} value={place.address} onChange={(event) => setPlace({ ...place, address: event.currentTarget.value })} />
            <Group grow gap="xs">
              <TextInput size="xs" label={t('phone.latitude')} value={place.latitude} onChange={(event) => setPlace({ ...place, latitude: event.currentTarget.value })} required inputMode="decimal" />
              <TextInput size="xs" label={t('phone.longitude')} value={place.longitude} onChange={(event) => setPlace({ ...place, longitude: event.currentTarget.value })} required inputMode="decimal" />
            </Group>
            <Button type="submit" size="xs" color={badgeColors.blue} loading={share.isPending} w="fit-content">
              {t('phone.sendLocation')}
            </Button>
          </Stack>
        </form>
      ) : null}
      {open === 'contact' ? (
        <form onSubmit={sendCard}>
          <Stack gap={4} mt="xs">
            <TextInput size="xs" label={t('phone.cardName')} value={card.name} onChange={(event) => setCard({ ...card, name: event.currentTarget.value })} required />
            <TextInput size="xs" label={t('phone.cardPhone')} value={card.phone} onChange={(event) => setCard({ ...card, phone: event.currentTarget.value })} required inputMode="tel" />
            <Button type="submit" size="xs" color={badgeColors.blue} loading={share.isPending} w="fit-content">
              {t('phone.sendCard')}
            </Button>
          </Stack>
        </form>
      ) : null}
      {open === 'media' ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (attachment.file !== null) sendMedia.mutate(attachment.file);
          }}
        >
          <Stack gap={4} mt="xs">
            <FileInput size="xs" label={t('phone.mediaFile')} description={t('phone.mediaFileHint')} value={attachment.file} onChange={(file) => setAttachment({ ...attachment, file })} required clearable />
            <TextInput size="xs" label={t('phone.mediaCaption')} value={attachment.caption} onChange={(event) => setAttachment({ ...attachment, caption: event.currentTarget.value })} maxLength={1024} />
            <Button type="submit" size="xs" color={badgeColors.blue} loading={sendMedia.isPending} disabled={attachment.file === null} w="fit-content">
              {t('phone.sendMedia')}
            </Button>
          </Stack>
        </form>
      ) : null}
      <WriteError error={share.error} />
      <WriteError error={sendMedia.error} />
    </div>
  );
}
