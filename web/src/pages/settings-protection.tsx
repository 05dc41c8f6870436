import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Group, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorState, Loading, WriteError } from '../components/states.js';
import { holds, useSession } from '../session.js';

interface IdentityChecks {
  readonly data: readonly { readonly phone_number_id: string; readonly display_phone_number: string; readonly enable_identity_key_check: boolean }[];
}

interface ConsentPolicy {
  readonly graph_opt_in_check: boolean;
  readonly crm_opt_in_check: boolean;
  readonly opt_out_keywords: readonly string[];
}

/** Graph's `user_identity_change.enable_identity_key_check`, one switch per number of the business. */
function IdentityCheck({ businessId }: { readonly businessId: string }) {
  const { t } = useI18n();
  const { who } = useSession();
  const client = useQueryClient();
  const key = ['identity-check', businessId];
  const checks = useQuery({ queryKey: key, queryFn: () => api<IdentityChecks>('GET', `/admin/businesses/${businessId}/identity-check`) });
  const change = useMutation({
    mutationFn: (body: { phone_number_id: string; enable_identity_key_check: boolean }) => api<IdentityChecks>('POST', `/admin/businesses/${businessId}/identity-check`, { body }),
    onSuccess: (data) => client.setQueryData(key, data),
  });
  return (
    <Card withBorder component="section" aria-labelledby="identity-check-title">
      <Title order={3} size="h4" id="identity-check-title" mb="xs">
        {t('protection.identity')}
      </Title>
      <Text size="sm" mb="sm">
        {t('protection.identityIntro')}
      </Text>
      {checks.isPending ? <Loading /> : null}
      {checks.isError ? <ErrorState error={checks.error} retry={() => void checks.refetch()} /> : null}
      <Stack gap="xs">
        {(checks.data?.data ?? []).map((number) => (
          <Switch
            key={number.phone_number_id}
            label={t('protection.identityFor', { number: number.display_phone_number })}
            checked={number.enable_identity_key_check}
            disabled={!holds(who, 'admin') || change.isPending}
            onChange={(event) => change.mutate({ phone_number_id: number.phone_number_id, enable_identity_key_check: event.currentTarget.checked })}
          />
        ))}
      </Stack>
      <WriteError error={change.error} />
    </Card>
  );
}

/** The opt-in checks before marketing goes out, and the words that opt a customer out. */
function ConsentSwitches({ businessId }: { readonly businessId: string }) {
  const { t } = useI18n();
  const { who } = useSession();
  const client = useQueryClient();
  const key = ['consent-settings', businessId];
  const policy = useQuery({ queryKey: key, queryFn: () => api<ConsentPolicy>('GET', `/admin/businesses/${businessId}/consent/settings`) });
  const [keywords, setKeywords] = useState('');
  // Only a change of the saved keywords replaces what is typed: switching a check must not.
  const savedKeywords = policy.data?.opt_out_keywords.join(', ');
  useEffect(() => {
    if (savedKeywords !== undefined) setKeywords(savedKeywords);
  }, [savedKeywords]);
  const change = useMutation({
    mutationFn: (body: Partial<ConsentPolicy>) => api<ConsentPolicy>('POST', `/admin/businesses/${businessId}/consent/settings`, { body }),
    onSuccess: (data) => client.setQueryData(key, data),
  });
  const owner = holds(who, 'owner');
  const saveKeywords = (event: FormEvent): void => {
    event.preventDefault();
    change.mutate({ opt_out_keywords: keywords.split(',').map((word) => word.trim()).filter((word) => word.length > 0) });
  };
  return (
    <Card withBorder component="section" aria-labelledby="consent-settings-title">
      <Title order={3} size="h4" id="consent-settings-title" mb="xs">
        {t('protection.consent')}
      </Title>
      {policy.isPending ? <Loading /> : null}
      {policy.isError ? <ErrorState error={policy.error} retry={() => void policy.refetch()} /> : null}
      {policy.data === undefined ? null : (
        <Stack gap="sm">
          <Switch
            label={t('protection.graphOptIn')}
            description={t('protection.graphOptInHint')}
            checked={policy.data.graph_opt_in_check}
            disabled={!owner || change.isPending}
            onChange={(event) => change.mutate({ graph_opt_in_check: event.currentTarget.checked })}
          />
          <Switch
            label={t('protection.crmOptIn')}
            description={t('protection.crmOptInHint')}
            checked={policy.data.crm_opt_in_check}
            disabled={!owner || change.isPending}
            onChange={(event) => change.mutate({ crm_opt_in_check: event.currentTarget.checked })}
          />
          <form onSubmit={saveKeywords}>
            <Group align="flex-end" gap="xs">
              <TextInput label={t('protection.keywords')} description={t('protection.keywordsHint')} value={keywords} onChange={(event) => setKeywords(event.currentTarget.value)} readOnly={!owner} style={{ flex: 1, minWidth: 200 }} />
              {owner ? (
                <Button type="submit" variant="outline" loading={change.isPending}>
                  {t('protection.saveKeywords')}
                </Button>
              ) : null}
            </Group>
          </form>
          {owner ? null : <Text size="sm">{t('protection.ownerOnly')}</Text>}
          {change.isSuccess ? (
            <Text size="sm" role="status">
              {t('protection.saved')}
            </Text>
          ) : null}
          <WriteError error={change.error} />
        </Stack>
      )}
    </Card>
  );
}

export function ProtectionTab() {
  const { businessId } = useSession();
  if (businessId === undefined) return null;
  return (
    <Stack maw={640}>
      <IdentityCheck businessId={businessId} />
      <ConsentSwitches businessId={businessId} />
    </Stack>
  );
}
