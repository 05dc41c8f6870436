import { useQuery } from '@tanstack/react-query';
import { Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { StateBadge } from '../components/badges.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useSession } from '../session.js';

interface Overview {
  readonly now: string;
  readonly numbers: readonly {
    readonly id: string;
    readonly display_phone_number: string;
    readonly verified_name: string;
    readonly status: string;
    readonly quality_rating: string;
    readonly messaging_limit_tier: string;
    readonly business_initiated_24h: number;
    readonly limit_24h: number | null;
  }[];
  readonly webhooks: {
    readonly pending: number;
    readonly delivered: number;
    readonly dead: number;
    readonly recent_attempts: number;
    readonly recent_succeeded: number;
    readonly median_ms: number | null;
    readonly last_failure: { readonly at: string; readonly response_status: number | null; readonly error: string | null; readonly url: string } | null;
  };
}

const qualityKeys = { GREEN: 'quality.GREEN', YELLOW: 'quality.YELLOW', RED: 'quality.RED', UNKNOWN: 'quality.UNKNOWN' } as const;
const numberStatusKeys = { CONNECTED: 'numberStatus.CONNECTED', PENDING: 'numberStatus.PENDING', FLAGGED: 'numberStatus.FLAGGED', RESTRICTED: 'numberStatus.RESTRICTED', DISCONNECTED: 'numberStatus.DISCONNECTED' } as const;

export function OverviewPage() {
  const { t, format } = useI18n();
  const { businessId } = useSession();
  const overview = useQuery({ queryKey: ['overview', businessId], queryFn: () => api<Overview>('GET', '/admin/overview', { query: { business_id: businessId } }) });
  if (overview.isPending) return <Loading />;
  if (overview.isError) return <ErrorState error={overview.error} retry={() => void overview.refetch()} />;
  const { numbers, webhooks, now } = overview.data;
  const rate = webhooks.recent_attempts === 0 ? null : Math.round((webhooks.recent_succeeded / webhooks.recent_attempts) * 100);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('nav.overview')}</Title>
        <Text size="sm" c="dimmed">
          {t('overview.platformTime', { time: format.dateTime(now) })}
        </Text>
      </Group>
      <Title order={3} size="h4">
        {t('overview.numbers')}
      </Title>
      {numbers.length === 0 ? (
        <Empty title={t('overview.noNumbers')} description={t('overview.noNumbersHint')} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {numbers.map((number) => {
            const used = number.limit_24h === null ? 0 : (number.business_initiated_24h / number.limit_24h) * 100;
            return (
              <Card key={number.id} withBorder component="section" aria-label={`+${number.display_phone_number}`}>
                <Stack gap="xs">
                  <Text fw={700}>+{number.display_phone_number}</Text>
                  <Text size="sm">{number.verified_name}</Text>
                  <Group gap="xs">
                    <Text size="sm">{t('overview.status')}</Text>
                    <StateBadge value={number.status} {...(number.status in numberStatusKeys ? { label: numberStatusKeys[number.status as keyof typeof numberStatusKeys] } : {})} />
                  </Group>
                  <Group gap="xs">
                    <Text size="sm">{t('overview.quality')}</Text>
                    <StateBadge value={number.quality_rating} {...(number.quality_rating in qualityKeys ? { label: qualityKeys[number.quality_rating as keyof typeof qualityKeys] } : {})} />
                  </Group>
                  <Text size="sm">{t('overview.tier', { tier: number.limit_24h === null ? t('overview.unlimited') : format.number(number.limit_24h) })}</Text>
                  <Text size="sm" id={`usage-${number.id}`}>
                    {t('overview.usage', { used: format.number(number.business_initiated_24h), limit: number.limit_24h === null ? t('overview.unlimited') : format.number(number.limit_24h) })}
                  </Text>
                  <Progress.Root aria-hidden>
                    <Progress.Section value={used} />
                  </Progress.Root>
                </Stack>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
      <Title order={3} size="h4">
        {t('overview.webhooks')}
      </Title>
      <Card withBorder component="section" aria-label={t('overview.webhooks')}>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Stat label={t('overview.delivered')} value={format.number(webhooks.delivered)} />
          <Stat label={t('overview.pending')} value={format.number(webhooks.pending)} />
          <Stat label={t('overview.dead')} value={format.number(webhooks.dead)} />
          <Stat label={t('overview.successRate', { count: format.number(webhooks.recent_attempts) })} value={rate === null ? '—' : `${format.number(rate)} %`} />
        </SimpleGrid>
        <Text size="sm" mt="sm">
          {webhooks.median_ms === null ? t('overview.noAttempts') : t('overview.median', { ms: format.number(webhooks.median_ms) })}
        </Text>
        {webhooks.last_failure === null ? null : (
          <Text size="sm" mt="xs">
            {t('overview.lastFailure', { time: format.dateTime(webhooks.last_failure.at), what: webhooks.last_failure.response_status === null ? (webhooks.last_failure.error ?? '') : `HTTP ${webhooks.last_failure.response_status}`, url: webhooks.last_failure.url })}
          </Text>
        )}
      </Card>
    </Stack>
  );
}

function Stat({ label, value }: { readonly label: string; readonly value: string }) {
  return (
    <div>
      <Text size="sm">{label}</Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </div>
  );
}
