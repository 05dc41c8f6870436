import { useQuery } from '@tanstack/react-query';
import { Group, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { TableHead } from '../components/table-head.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useSession } from '../session.js';

interface RateCard {
  readonly pricing_model: 'CBP' | 'PMP';
  readonly effective: string;
  readonly currency: string;
  readonly rates: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

interface Cards {
  readonly defaults: { readonly CBP: RateCard; readonly PMP: RateCard };
  readonly overrides: Readonly<Partial<Record<'CBP' | 'PMP', RateCard>>>;
}

interface Total {
  readonly currency: string;
  readonly billable: number;
  readonly free: number;
  readonly amount: number;
}

interface Report {
  readonly by_category: readonly (Total & { readonly category: string })[];
  readonly total: readonly Total[];
}

const categories = ['marketing', 'utility', 'authentication', 'service'] as const;
const dayMs = 24 * 60 * 60 * 1000;

/** The rate card the business is charged by (its own, else Meta's for its pricing profile) and what the last 30 days cost. */
export function PricingTab() {
  const { t, format } = useI18n();
  const { businessId } = useSession();
  const policy = useQuery({ queryKey: ['policy', businessId], queryFn: () => api<{ pricing: string }>('GET', `/admin/businesses/${businessId ?? ''}/policy`), enabled: businessId !== undefined });
  const cards = useQuery({ queryKey: ['rate-card', businessId], queryFn: () => api<Cards>('GET', `/admin/businesses/${businessId ?? ''}/rate-card`), enabled: businessId !== undefined });
  const clock = useQuery({ queryKey: ['clock'], queryFn: () => api<{ now: number }>('GET', '/sim/clock') });
  const now = clock.data?.now;
  const report = useQuery({
    queryKey: ['billing-report', businessId, now === undefined ? undefined : Math.floor(now / dayMs)],
    queryFn: () => api<Report>('GET', '/admin/billing/report', { query: { business_id: businessId, from: new Date((now ?? 0) - 30 * dayMs).toISOString(), to: new Date((now ?? 0) + 1).toISOString() } }),
    enabled: businessId !== undefined && now !== undefined,
  });
  if (cards.isPending || policy.isPending) return <Loading />;
  if (cards.isError) return <ErrorState error={cards.error} retry={() => void cards.refetch()} />;
  if (policy.isError) return <ErrorState error={policy.error} retry={() => void policy.refetch()} />;
  const model = policy.data.pricing === '2025-07' ? 'PMP' : 'CBP';
  const own = cards.data.overrides[model];
  const card = own ?? cards.data.defaults[model];
  const money = (value: number, currency: string): string => {
    try {
      return format.money(value, currency);
    } catch {
      return `${currency} ${format.number(value)}`;
    }
  };
  return (
    <Stack>
      <Text size="sm">{t(model === 'PMP' ? 'pricing.pmp' : 'pricing.cbp', { profile: policy.data.pricing })}</Text>
      <section aria-labelledby="rate-card-title">
        <Title order={3} size="h5" id="rate-card-title" mb={4}>
          {t('pricing.card')}
        </Title>
        <Text size="sm" mb="xs">
          {t(own === undefined ? 'pricing.metaCard' : 'pricing.ownCard', { effective: card.effective, currency: card.currency })}
        </Text>
        <ScrollArea viewportProps={{ tabIndex: 0, 'aria-label': t('pricing.card') }}>
          <Table aria-label={t('pricing.card')} miw={560} striped>
            <TableHead labels={[t('pricing.market'), ...categories.map((category) => t(`pricing.category.${category}`))]} />
            <Table.Tbody>
              {Object.entries(card.rates).map(([market, rates]) => (
                <Table.Tr key={market}>
                  <Table.Td>{t(`pricing.market.${market as 'other'}`)}</Table.Td>
                  {categories.map((category) => (
                    <Table.Td key={category}>{rates[category] === undefined ? '—' : money(rates[category], card.currency)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </section>
      <section aria-labelledby="spend-title">
        <Title order={3} size="h5" id="spend-title" mb={4}>
          {t('pricing.last30')}
        </Title>
        {report.isError ? <ErrorState error={report.error} retry={() => void report.refetch()} /> : null}
        {report.data === undefined ? null : report.data.by_category.length === 0 ? (
          <Empty title={t('pricing.nothing')} />
        ) : (
          <Table aria-label={t('pricing.last30')} striped>
            <TableHead labels={[t('consent.category'), t('pricing.billable'), t('pricing.free'), t('pricing.amount')]} />
            <Table.Tbody>
              {report.data.by_category.map((line) => (
                <Table.Tr key={`${line.category}-${line.currency}`}>
                  <Table.Td>{line.category in { marketing: 1, utility: 1, authentication: 1, service: 1 } ? t(`pricing.category.${line.category as 'service'}`) : line.category}</Table.Td>
                  <Table.Td>{format.number(line.billable)}</Table.Td>
                  <Table.Td>{format.number(line.free)}</Table.Td>
                  <Table.Td>{money(line.amount, line.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {report.data === undefined || report.data.total.length === 0 ? null : (
          <Group gap="xs" mt="xs">
            <Text size="sm" fw={600}>
              {t('pricing.total')}
            </Text>
            <Text size="sm">{report.data.total.map((line) => money(line.amount, line.currency)).join(' + ')}</Text>
          </Group>
        )}
      </section>
    </Stack>
  );
}
