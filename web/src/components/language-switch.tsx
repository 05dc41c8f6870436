import { SegmentedControl } from '@mantine/core';
import { useI18n, type Language } from '../i18n/i18n.js';

/** English or Indonesian; the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <SegmentedControl
      aria-label={t('shell.language')}
      size="xs"
      value={language}
      onChange={(value) => setLanguage(value as Language)}
      data={[
        { value: 'en', label: 'EN' },
        { value: 'id', label: 'ID' },
      ]}
    />
  );
}
