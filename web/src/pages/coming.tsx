import { EmptyState, Stack, Title } from '@mantine/core';
import { useI18n } from '../i18n/i18n.js';

type Feature = 'numbers' | 'contacts';

const titles = { numbers: 'nav.numbers', contacts: 'nav.contacts' } as const;
const descriptions = { numbers: 'coming.numbers', contacts: 'coming.contacts' } as const;

/** A page whose feature has not landed yet: it says what will come, instead of an empty table. */
export function ComingPage({ feature }: { readonly feature: Feature }) {
  const { t } = useI18n();
  return (
    <Stack>
      <Title order={2}>{t(titles[feature])}</Title>
      <EmptyState title={t('coming.title')} description={t(descriptions[feature])} />
    </Stack>
  );
}
