import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Group, Progress, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, ApiError } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { WriteError } from '../components/states.js';
import { holds, useSession } from '../session.js';

interface EscalationPath {
  readonly kind: string;
  readonly value?: string;
  readonly declared_at?: string;
  readonly since?: string;
}

export interface LimitEvent {
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  readonly cause: string;
  readonly at: string;
}

export interface Limits {
  readonly policy: string;
  readonly messaging_limit_tier: string;
  readonly limit: number | null;
  readonly unique_recipients_24h: number;
  readonly unique_recipients_7d: number;
  readonly next_tier: string | null;
  readonly next_release: { readonly at: string; readonly slots: number } | null;
  readonly quality: { readonly score: number | null; readonly rating: string; readonly explanation: string };
  readonly escalation_path: EscalationPath | null;
  readonly explanation: string;
  readonly history: readonly LimitEvent[];
}

const kinds = ['agent_handover', 'phone_number', 'email', 'web_form', 'store_visit'] as const;

/** The messaging limit as the limits feature reports it, and the human escalation path customers are offered. */
export function LimitsCard({ numberId }: { readonly numberId: string }) {
  const { t, format } = useI18n();
  const { who } = useSession();
  const client = useQueryClient();
  const limits = useQuery({ queryKey: ['number', 'limits', numberId], queryFn: () => api<Limits>('GET', `/admin/phone_numbers/${numberId}/limits`), retry: false });
  const [path, setPath] = useState<{ kind: string; value: string }>({ kind: 'agent_handover', value: '' });
  const declare = useMutation({
    mutationFn: () => api('POST', `/admin/phone_numbers/${numberId}/escalation_path`, { body: { kind: path.kind, ...(path.value.trim() === '' ? {} : { value: path.value.trim() }) } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['number'] }),
  });
  // A Kabar without the limits feature answers 404: the card is left out rather than shown broken.
  if (limits.error instanceof ApiError && limits.error.status === 404) return null;
  if (limits.data === undefined) return null;
  const data = limits.data;
  const used = data.limit === null || data.limit === 0 ? 0 : Math.min(100, (data.unique_recipients_24h / data.limit) * 100);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    declare.mutate();
  };
  return (
    <Card withBorder component="section" aria-labelledby="limits-title">
      <Title order={3} size="h4" id="limits-title" mb="sm">
        {t('limits.title')}
      </Title>
      <Stack gap="xs">
        <Text size="sm">
          {t('limits.usage', { used: format.number(data.unique_recipients_24h), limit: data.limit === null ? t('overview.unlimited') : format.number(data.limit) })}
        </Text>
        {data.limit === null ? null : <Progress value={used} aria-label={t('limits.usageShort')} />}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          <Text size="sm">{t('limits.week', { count: format.number(data.unique_recipients_7d) })}</Text>
          <Text size="sm">{t('limits.policy', { policy: data.policy })}</Text>
          {data.next_tier === null ? null : <Text size="sm">{t('limits.nextTier', { tier: data.next_tier })}</Text>}
          {data.next_release === null ? null : <Text size="sm">{t('limits.nextRelease', { slots: format.number(data.next_release.slots), time: format.dateTime(data.next_release.at) })}</Text>}
        </SimpleGrid>
        <Text size="sm">{data.explanation}</Text>
        <Text size="sm">{t('limits.quality', { explanation: data.quality.explanation })}</Text>
        <Title order={4} size="h5" mt="xs">
          {t('limits.escalation')}
        </Title>
        <Text size="sm">
          {data.escalation_path === null
            ? t('limits.noEscalation')
            : data.escalation_path.kind === 'missing'
              ? t('limits.escalationMissing')
              : t('limits.escalationIs', { kind: t(`limits.kind.${data.escalation_path.kind as 'email'}`), value: data.escalation_path.value ?? '' })}
        </Text>
        {holds(who, 'admin') ? (
          <form onSubmit={submit}>
            <Group align="flex-end" gap="xs">
              <Select
                label={t('limits.kind')}
                data={kinds.map((kind) => ({ value: kind, label: t(`limits.kind.${kind}`) }))}
                value={path.kind}
                onChange={(value) => value !== null && setPath({ ...path, kind: value })}
                allowDeselect={false}
                w={200}
              />
              <TextInput label={t('limits.value')} description={t('limits.valueHint')} value={path.value} onChange={(event) => setPath({ ...path, value: event.currentTarget.value })} style={{ flex: 1, minWidth: 180 }} />
              <Button type="submit" variant="outline" loading={declare.isPending}>
                {t('limits.declare')}
              </Button>
            </Group>
            <WriteError error={declare.error} />
          </form>
        ) : null}
      </Stack>
    </Card>
  );
}
