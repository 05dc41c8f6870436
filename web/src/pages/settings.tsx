import { useState } from 'react';
import { Stack, Tabs, Title } from '@mantine/core';
import { useI18n } from '../i18n/i18n.js';
import { ApiKeysTab, UsersTab } from './settings-people.js';
import { AppsTab, AuditTab, PolicyTab } from './settings-setup.js';
import { PricingTab } from './settings-pricing.js';
import { ProtectionTab } from './settings-protection.js';

export function SettingsPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<string | null>('users');
  return (
    <Stack>
      <Title order={2}>{t('nav.settings')}</Title>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="users">{t('settings.users')}</Tabs.Tab>
          <Tabs.Tab value="keys">{t('settings.apiKeys')}</Tabs.Tab>
          <Tabs.Tab value="apps">{t('settings.appsAndTokens')}</Tabs.Tab>
          <Tabs.Tab value="policy">{t('settings.policy')}</Tabs.Tab>
          <Tabs.Tab value="protection">{t('settings.protection')}</Tabs.Tab>
          <Tabs.Tab value="pricing">{t('settings.pricing')}</Tabs.Tab>
          <Tabs.Tab value="audit">{t('settings.audit')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="users" pt="md">
          <UsersTab />
        </Tabs.Panel>
        <Tabs.Panel value="keys" pt="md">
          <ApiKeysTab />
        </Tabs.Panel>
        <Tabs.Panel value="apps" pt="md">
          <AppsTab />
        </Tabs.Panel>
        <Tabs.Panel value="policy" pt="md">
          <PolicyTab />
        </Tabs.Panel>
        <Tabs.Panel value="protection" pt="md">
          <ProtectionTab />
        </Tabs.Panel>
        <Tabs.Panel value="pricing" pt="md">
          <PricingTab />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
