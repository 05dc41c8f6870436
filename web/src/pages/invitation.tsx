import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, setCsrfToken } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { ErrorState, Loading, roleKey } from '../components/states.js';
import { navigate } from '../router.js';
import type { Role, Who } from '../session.js';

interface Preview {
  readonly email: string;
  readonly role: Role;
  readonly business: { readonly name: string };
}

/** The page an invitation link opens: the token is in the fragment, so no server log ever sees it. */
export function InvitationPage() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [token] = useState(() => window.location.hash.replace(/^#/, ''));
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const preview = useQuery({ queryKey: ['invitation', token], queryFn: () => api<Preview>('POST', '/admin/invitations/preview', { body: { token } }), retry: false });
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const who = await api<Who>('POST', '/admin/invitations/accept', { body: { token, name, password } });
      setCsrfToken(who.csrf_token);
      client.setQueryData(['session'], who);
      navigate('/console/overview', { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={440}>
        <Stack>
          <Group justify="space-between">
            <Title order={1} size="h2">
              {t('invitation.title')}
            </Title>
            <LanguageSwitch />
          </Group>
          {preview.isPending ? <Loading /> : null}
          {preview.isError ? <ErrorState error={preview.error} /> : null}
          {preview.data === undefined ? null : (
            <form onSubmit={(event) => void submit(event)}>
              <Stack>
                <Text>{t('invitation.intro', { business: preview.data.business.name, role: t(roleKey(preview.data.role)), email: preview.data.email })}</Text>
                <TextInput label={t('invitation.name')} value={name} onChange={(event) => setName(event.currentTarget.value)} required autoComplete="name" />
                <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('common.showPassword') }} label={t('invitation.password')} description={t('invitation.passwordRule')} value={password} onChange={(event) => setPassword(event.currentTarget.value)} required minLength={10} autoComplete="new-password" />
                {error === null ? null : <ErrorState error={error} />}
                <Button type="submit" loading={busy}>
                  {t('invitation.submit')}
                </Button>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
