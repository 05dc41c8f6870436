import { Alert, Button, EmptyState, Loader, Center } from '@mantine/core';
import { ApiError } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import type { Role } from '../session.js';

export function Loading() {
  const { t } = useI18n();
  return (
    <Center p="xl">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/** An error from Kabar, said in a sentence, with a way to try again (no page ever needs a reload). */
export function ErrorState({ error, retry }: { readonly error: unknown; readonly retry?: () => void }) {
  const { t } = useI18n();
  const details = error instanceof ApiError ? error.details : error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red.9" variant="outline" title={t('common.error')} role="alert">
      {details}
      {retry === undefined ? null : (
        <Button variant="outline" color="red.9" size="xs" mt="sm" display="block" onClick={retry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}

export function Empty({ title, description }: { readonly title: string; readonly description?: string }) {
  return <EmptyState title={title} description={description} size="sm" />;
}

export function NoAccess({ least }: { readonly least: Role }) {
  const { t } = useI18n();
  return (
    <Alert color="orange.9" variant="outline" title={t('access.deniedTitle')} role="alert">
      {t('access.denied', { role: t(roleKey(least)) })}
    </Alert>
  );
}

export function roleKey(role: Role | 'operator'): 'role.owner' | 'role.admin' | 'role.agent' | 'role.operator' {
  return `role.${role}`;
}

/** The error of a failed write, shown where the write was asked for. */
export function WriteError({ error }: { readonly error: unknown }) {
  if (error === null || error === undefined) return null;
  return <ErrorState error={error} />;
}
