import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Grid, Group, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api, ApiError } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { TableHead } from '../components/table-head.js';
import { StateBadge } from '../components/badges.js';
import { Empty, ErrorState, Loading, WriteError } from '../components/states.js';
import { holds, useSession } from '../session.js';
import { StepChart, type StepSeries } from '../components/step-chart.js';
import { LimitsCard, type Limits } from './number-limits.js';
import { NotificationSettings } from './number-notifications.js';

interface OverviewNumber {
  readonly id: string;
  readonly display_phone_number: string;
  readonly verified_name: string;
  readonly business_initiated_24h?: number;
  readonly limit_24h?: number | null;
  readonly [field: string]: unknown;
}

interface NumberDetail {
  readonly id: string;
  readonly verified_name: string;
  readonly display_phone_number: string;
  readonly quality_rating: string;
  readonly status: string;
  readonly code_verification_status: string;
  readonly name_status: string;
  readonly new_name_status?: string;
  readonly new_display_name?: string;
  readonly messaging_limit_tier: string;
  readonly platform_type: string;
  readonly throughput?: { readonly level?: string };
  readonly is_official_business_account: boolean;
  readonly registered: boolean;
  readonly oba_status?: string;
  readonly status_history?: readonly { readonly from: string; readonly to: string; readonly event: string; readonly cause: string | null; readonly at: string }[];
  readonly reviews?: readonly { readonly id: string; readonly kind: string; readonly status: string; readonly requested_at: string; readonly decided_at: string | null; readonly reason: string | null }[];
}

interface Profile {
  readonly about?: string;
  readonly address?: string;
  readonly description?: string;
  readonly email?: string;
  readonly websites?: readonly string[];
  readonly vertical?: string;
}

interface Notice {
  readonly id: string;
  readonly phone_number_id: string | null;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly created_at: string;
}

const qualityKeys: Readonly<Record<string, MessageKey>> = { GREEN: 'quality.GREEN', YELLOW: 'quality.YELLOW', RED: 'quality.RED', UNKNOWN: 'quality.UNKNOWN' };
const statusKeys: Readonly<Record<string, MessageKey>> = {
  CONNECTED: 'numberStatus.CONNECTED', PENDING: 'numberStatus.PENDING', FLAGGED: 'numberStatus.FLAGGED', RESTRICTED: 'numberStatus.RESTRICTED', DISCONNECTED: 'numberStatus.DISCONNECTED',
};
const verticals = ['OTHER', 'AUTO', 'BEAUTY', 'APPAREL', 'EDU', 'ENTERTAIN', 'EVENT_PLAN', 'FINANCE', 'GROCERY', 'GOVT', 'HOTEL', 'HEALTH', 'NONPROFIT', 'PROF_SERVICES', 'RETAIL', 'TRAVEL', 'RESTAURANT', 'NOT_A_BIZ'];

function Field({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div>
      <Text size="xs" fw={700}>
        {label}
      </Text>
      <div>{children}</div>
    </div>
  );
}

/** Fields the overview gives beyond the ones this page names (a feature still landing may add them): shown as they come. */
function MoreFields({ number }: { readonly number: OverviewNumber }) {
  const known = new Set(['id', 'business_id', 'waba_id', 'display_phone_number', 'verified_name', 'status', 'quality_rating', 'messaging_limit_tier', 'name_status', 'business_initiated_24h', 'limit_24h']);
  const extra = Object.entries(number).filter(([name, value]) => !known.has(name) && value !== null && value !== undefined && typeof value !== 'object');
  if (extra.length === 0) return null;
  return (
    <>
      {extra.map(([name, value]) => (
        <Field key={name} label={name}>
          <Text size="sm">{String(value)}</Text>
        </Field>
      ))}
    </>
  );
}

function Health({ detail, number }: { readonly detail: NumberDetail; readonly number: OverviewNumber }) {
  const { t, format } = useI18n();
  const limit = number.limit_24h;
  return (
    <Card withBorder component="section" aria-labelledby="health-title">
      <Title order={3} size="h4" id="health-title" mb="sm">
        {t('numbers.health')}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Field label={t('overview.status')}>
          <StateBadge value={detail.status} {...(statusKeys[detail.status] === undefined ? {} : { label: statusKeys[detail.status] })} />
        </Field>
        <Field label={t('overview.quality')}>
          <StateBadge value={detail.quality_rating} {...(qualityKeys[detail.quality_rating] === undefined ? {} : { label: qualityKeys[detail.quality_rating] })} />
        </Field>
        <Field label={t('numbers.tier')}>
          <Text size="sm">{detail.messaging_limit_tier}</Text>
        </Field>
        {number.business_initiated_24h === undefined ? null : (
          <Field label={t('numbers.usage')}>
            <Text size="sm">{limit === null || limit === undefined ? format.number(number.business_initiated_24h) : `${format.number(number.business_initiated_24h)} / ${format.number(limit)}`}</Text>
          </Field>
        )}
        <Field label={t('numbers.verification')}>
          <Text size="sm">{detail.code_verification_status}</Text>
        </Field>
        <Field label={t('numbers.registered')}>
          <Text size="sm">{detail.registered ? t('numbers.yes') : t('numbers.no')}</Text>
        </Field>
        {detail.throughput?.level === undefined ? null : (
          <Field label={t('numbers.throughput')}>
            <Text size="sm">{detail.throughput.level}</Text>
          </Field>
        )}
        <Field label={t('numbers.oba')}>
          <Text size="sm">{detail.is_official_business_account ? t('numbers.yes') : (detail.oba_status ?? t('numbers.no'))}</Text>
        </Field>
        <MoreFields number={number} />
      </SimpleGrid>
    </Card>
  );
}

function DisplayName({ detail }: { readonly detail: NumberDetail }) {
  const { t } = useI18n();
  const { who } = useSession();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const request = useMutation({
    mutationFn: () => api<NumberDetail>('POST', `/admin/phone_numbers/${detail.id}/display_name`, { body: { name: name.trim() } }),
    onSuccess: async () => {
      setName('');
      await client.invalidateQueries({ queryKey: ['number'] });
    },
  });
  return (
    <Card withBorder component="section" aria-labelledby="name-title">
      <Title order={3} size="h4" id="name-title" mb="sm">
        {t('numbers.displayName')}
      </Title>
      <Stack gap="xs">
        <Group gap="xs">
          <Text fw={600}>{detail.verified_name}</Text>
          <StateBadge value={detail.name_status === 'APPROVED' ? 'CONNECTED' : detail.name_status === 'DECLINED' ? 'RESTRICTED' : 'PENDING'} text={detail.name_status} />
        </Group>
        {detail.new_display_name === undefined ? null : (
          <Text size="sm">{t('numbers.newName', { name: detail.new_display_name, status: detail.new_name_status ?? '' })}</Text>
        )}
        {holds(who, 'admin') ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (name.trim().length > 0) request.mutate();
            }}
          >
            <Group align="flex-end" gap="xs">
              <TextInput label={t('numbers.requestName')} description={t('numbers.requestNameHint')} value={name} onChange={(event) => setName(event.currentTarget.value)} style={{ flex: 1, minWidth: 200 }} />
              <Button type="submit" variant="outline" loading={request.isPending}>
                {t('numbers.request')}
              </Button>
            </Group>
            {request.isSuccess ? (
              <Text size="sm" role="status" mt="xs">
                {t('numbers.requested')}
              </Text>
            ) : null}
            <WriteError error={request.error} />
          </form>
        ) : null}
      </Stack>
    </Card>
  );
}

function ProfileEditor({ numberId }: { readonly numberId: string }) {
  const { t } = useI18n();
  const { who } = useSession();
  const client = useQueryClient();
  const profile = useQuery({ queryKey: ['number', 'profile', numberId], queryFn: () => api<Profile>('GET', `/admin/phone_numbers/${numberId}/profile`) });
  const [form, setForm] = useState({ about: '', address: '', description: '', email: '', website1: '', website2: '', vertical: '' });
  useEffect(() => {
    const data = profile.data;
    if (data === undefined) return;
    setForm({ about: data.about ?? '', address: data.address ?? '', description: data.description ?? '', email: data.email ?? '', website1: data.websites?.[0] ?? '', website2: data.websites?.[1] ?? '', vertical: data.vertical ?? '' });
  }, [profile.data]);
  const save = useMutation({
    mutationFn: () =>
      api<Profile>('POST', `/admin/phone_numbers/${numberId}/profile`, {
        body: {
          about: form.about,
          address: form.address,
          description: form.description,
          email: form.email,
          websites: [form.website1, form.website2].map((site) => site.trim()).filter((site) => site.length > 0),
          ...(form.vertical === '' ? {} : { vertical: form.vertical }),
        },
      }),
    onSuccess: (data) => client.setQueryData(['number', 'profile', numberId], data),
  });
  const editable = holds(who, 'admin');
  const set = (field: keyof typeof form) => (value: string) => setForm({ ...form, [field]: value });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Card withBorder component="section" aria-labelledby="profile-title">
      <Title order={3} size="h4" id="profile-title" mb="sm">
        {t('numbers.profile')}
      </Title>
      {profile.isPending ? <Loading /> : null}
      {profile.isError ? <ErrorState error={profile.error} retry={() => void profile.refetch()} /> : null}
      <form onSubmit={submit}>
        <Stack gap="xs">
          <TextInput label={t('numbers.about')} description={t('numbers.aboutHint')} maxLength={139} value={form.about} onChange={(event) => set('about')(event.currentTarget.value)} readOnly={!editable} />
          <Textarea label={t('numbers.description')} maxLength={512} autosize minRows={2} value={form.description} onChange={(event) => set('description')(event.currentTarget.value)} readOnly={!editable} />
          <TextInput label={t('numbers.address')} maxLength={256} value={form.address} onChange={(event) => set('address')(event.currentTarget.value)} readOnly={!editable} />
          <Group grow align="flex-start">
            <TextInput label={t('numbers.email')} type="email" maxLength={128} value={form.email} onChange={(event) => set('email')(event.currentTarget.value)} readOnly={!editable} />
            <Select label={t('numbers.vertical')} data={verticals} value={form.vertical === '' ? null : form.vertical} onChange={(value) => set('vertical')(value ?? '')} readOnly={!editable} clearable />
          </Group>
          <Group grow align="flex-start">
            <TextInput label={t('numbers.website', { n: 1 })} type="url" value={form.website1} onChange={(event) => set('website1')(event.currentTarget.value)} readOnly={!editable} />
            <TextInput label={t('numbers.website', { n: 2 })} type="url" value={form.website2} onChange={(event) => set('website2')(event.currentTarget.value)} readOnly={!editable} />
          </Group>
          {editable ? (
            <Group>
              <Button type="submit" loading={save.isPending}>
                {t('numbers.saveProfile')}
              </Button>
              {save.isSuccess ? (
                <Text size="sm" role="status">
                  {t('numbers.profileSaved')}
                </Text>
              ) : null}
            </Group>
          ) : null}
          <WriteError error={save.error} />
        </Stack>
      </form>
    </Card>
  );
}

const tiers = ['TIER_50', 'TIER_250', 'TIER_1K', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'];
const qualities = ['UNKNOWN', 'RED', 'YELLOW', 'GREEN'];
const statuses = ['DISCONNECTED', 'RESTRICTED', 'FLAGGED', 'PENDING', 'CONNECTED'];
const day = 24 * 60 * 60 * 1000;
const ranges = ['7', '30', '90', '365'];

interface Timeline {
  readonly since: string;
  readonly until: string;
  readonly tier: StepSeries;
  readonly quality: StepSeries;
  readonly status: StepSeries;
  readonly truncated: boolean;
}

/** Tier, quality and status over a chosen range up to the simulated clock's now, each change with its reason. */
function OverTime({ numberId, now }: { readonly numberId: string; readonly now: string }) {
  const { t } = useI18n();
  const [days, setDays] = useState('30');
  const since = new Date(Date.parse(now) - Number(days) * day).toISOString();
  const timeline = useQuery({
    queryKey: ['number', 'timeline', numberId, since, now],
    queryFn: () => api<Timeline>('GET', `/admin/phone_numbers/${numberId}/timeline`, { query: { since, until: now } }),
    placeholderData: (previous) => previous,
    retry: false,
  });
  if (timeline.error instanceof ApiError && timeline.error.status === 404) return null;
  const tierLabel = (value: string): string => (value === 'TIER_UNLIMITED' ? t('overview.unlimited') : value.replace(/^TIER_/, ''));
  const qualityLabel = (value: string): string => (qualityKeys[value] === undefined ? value : t(qualityKeys[value]));
  const statusLabel = (value: string): string => (statusKeys[value] === undefined ? value : t(statusKeys[value]));
  return (
    <Card withBorder component="section" aria-labelledby="over-time-title">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="over-time-title">
          {t('numbers.overTime')}
        </Title>
        <SegmentedControl aria-label={t('numbers.range')} value={days} onChange={setDays} data={ranges.map((value) => ({ value, label: t('numbers.lastDays', { days: value }) }))} size="xs" />
      </Group>
      {timeline.isPending ? <Loading /> : null}
      {timeline.isError ? <ErrorState error={timeline.error} retry={() => void timeline.refetch()} /> : null}
      {timeline.data === undefined ? null : (
        <Stack gap="lg">
          <StepChart id="tier-chart" title={t('numbers.tier')} series={timeline.data.tier} levels={tiers} label={tierLabel} since={timeline.data.since} until={timeline.data.until} />
          <StepChart id="quality-chart" title={t('overview.quality')} series={timeline.data.quality} levels={qualities} label={qualityLabel} since={timeline.data.since} until={timeline.data.until} />
          <StepChart id="status-chart" title={t('overview.status')} series={timeline.data.status} levels={statuses} label={statusLabel} since={timeline.data.since} until={timeline.data.until} />
        </Stack>
      )}
      {timeline.data?.truncated === true ? <Text size="sm">{t('numbers.truncated')}</Text> : null}
    </Card>
  );
}

/** Every change of the number, newest first, with the reason Kabar gives for it. */
function Changes({ detail, notices }: { readonly detail: NumberDetail; readonly notices: readonly Notice[] }) {
  const { t, format } = useI18n();
  const limits = useQuery({ queryKey: ['number', 'limits', detail.id], queryFn: () => api<Limits>('GET', `/admin/phone_numbers/${detail.id}/limits`), retry: false });
  const rows = [
    ...(limits.data?.history ?? []).map((event, index) => ({ key: `l${index}`, at: event.at, what: t('numbers.limitChange', { kind: event.kind, from: event.from, to: event.to }), why: event.cause })),
    ...(detail.status_history ?? []).map((change, index) => ({ key: `s${index}`, at: change.at, what: t('numbers.statusChange', { from: change.from, to: change.to }), why: change.cause ?? change.event })),
    ...notices.map((notice) => ({ key: notice.id, at: notice.created_at, what: notice.title, why: notice.body })),
    ...(detail.reviews ?? []).map((review) => ({ key: review.id, at: review.decided_at ?? review.requested_at, what: t('numbers.review', { kind: review.kind, status: review.status }), why: review.reason ?? '' })),
  ].sort((left, right) => right.at.localeCompare(left.at));
  return (
    <Card withBorder component="section" aria-labelledby="changes-title">
      <Title order={3} size="h4" id="changes-title" mb="sm">
        {t('numbers.changes')}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm">{t('numbers.noChanges')}</Text>
      ) : (
        <Table aria-label={t('numbers.changes')} striped>
          <TableHead labels={[t('consent.when'), t('numbers.what'), t('numbers.why')]} />
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(row.at)}</Table.Td>
                <Table.Td>{row.what}</Table.Td>
                <Table.Td>{row.why}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

export function NumbersPage() {
  const { t } = useI18n();
  const { businessId } = useSession();
  const overview = useQuery({ queryKey: ['overview', businessId], queryFn: () => api<{ now: string; numbers: OverviewNumber[] }>('GET', '/admin/overview', { query: { business_id: businessId } }) });
  const numbers = overview.data?.numbers ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const numberId = picked ?? numbers[0]?.id ?? null;
  const number = numbers.find((entry) => entry.id === numberId);
  const detail = useQuery({ queryKey: ['number', numberId], queryFn: () => api<NumberDetail>('GET', `/admin/phone_numbers/${numberId ?? ''}`), enabled: numberId !== null });
  const notices = useQuery({ queryKey: ['notifications', businessId, 'numbers'], queryFn: () => api<{ data: Notice[] }>('GET', '/admin/notifications', { query: { business_id: businessId, limit: 200 } }) });
  return (
    <Stack>
      <Title order={2}>{t('nav.numbers')}</Title>
      {overview.isPending ? <Loading /> : null}
      {overview.isError ? <ErrorState error={overview.error} retry={() => void overview.refetch()} /> : null}
      {overview.data !== undefined && numbers.length === 0 ? <Empty title={t('overview.noNumbers')} description={t('overview.noNumbersHint')} /> : null}
      {numbers.length > 1 ? (
        <Select label={t('numbers.pick')} data={numbers.map((entry) => ({ value: entry.id, label: `${entry.display_phone_number} · ${entry.verified_name}` }))} value={numberId} onChange={setPicked} allowDeselect={false} maw={360} />
      ) : null}
      {detail.isError ? <ErrorState error={detail.error} retry={() => void detail.refetch()} /> : null}
      {detail.data === undefined || number === undefined ? null : (
        <>
          <Text size="lg" fw={600}>
            {detail.data.display_phone_number} · {detail.data.verified_name}
          </Text>
          <Grid>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Stack>
                <Health detail={detail.data} number={number} />
                <LimitsCard numberId={detail.data.id} />
                <DisplayName detail={detail.data} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Stack>
                <ProfileEditor numberId={detail.data.id} />
                <NotificationSettings />
              </Stack>
            </Grid.Col>
          </Grid>
          {overview.data === undefined ? null : <OverTime numberId={detail.data.id} now={overview.data.now} />}
          <Changes detail={detail.data} notices={(notices.data?.data ?? []).filter((notice) => notice.phone_number_id === detail.data.id)} />
        </>
      )}
    </Stack>
  );
}
