/** What the Settings tabs share: the roles one may grant, a secret shown once. */
import { Alert, Button, Code, CopyButton, Stack, Text } from '@mantine/core';
import { useI18n } from '../i18n/i18n.js';
import { roleKey } from '../components/states.js';
import { holds, useSession, type Role } from '../session.js';

const roles: readonly Role[] = ['agent', 'admin', 'owner'];

export function useRoleOptions(): { value: Role; label: string }[] {
  const { t } = useI18n();
  const { who } = useSession();
  return roles.filter((role) => holds(who, role)).map((role) => ({ value: role, label: t(roleKey(role)) }));
}

/** A secret shown once, with a copy button. */
export function ShownOnce({ label, value }: { readonly label: string; readonly value: string }) {
  const { t } = useI18n();
  return (
    <Alert color="blue.9" variant="outline" title={label} role="status">
      <Stack gap="xs">
        <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {value}
        </Code>
        <Text size="sm">{t('settings.shownOnce')}</Text>
        <CopyButton value={value}>{({ copied, copy }) => <Button size="xs" variant="outline" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}</CopyButton>
      </Stack>
    </Alert>
  );
}

