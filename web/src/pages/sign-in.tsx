import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Anchor, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, setCsrfToken } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { ErrorState } from '../components/states.js';
import { navigate } from '../router.js';
import type { Who } from '../session.js';

export function SignInPage() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [operator, setOperator] = useState(false);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const who = await api<Who>('POST', '/admin/session', { body: operator ? { operator_token: token } : { email, password } });
      setCsrfToken(who.csrf_token);
      client.setQueryData(['session'], who);
      if (!window.location.pathname.startsWith('/console/') || window.location.pathname === '/console/sign-in') navigate('/console/overview', { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form onSubmit={(event) => void submit(event)}>
          <Stack>
            <Group justify="space-between">
              <Title order={1} size="h2">
                {t('signIn.title')}
              </Title>
              <LanguageSwitch />
            </Group>
            <Text size="sm" c="dimmed">
              {operator ? t('signIn.operatorHint') : t('signIn.hint')}
            </Text>
            {operator ? (
              <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('common.showPassword') }} label={t('signIn.operatorToken')} value={token} onChange={(event) => setToken(event.currentTarget.value)} required autoComplete="off" />
            ) : (
              <>
                <TextInput label={t('signIn.email')} type="email" value={email} onChange={(event) => setEmail(event.currentTarget.value)} required autoComplete="username" />
                <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('common.showPassword') }} label={t('signIn.password')} value={password} onChange={(event) => setPassword(event.currentTarget.value)} required autoComplete="current-password" />
              </>
            )}
            {error === null ? null : <ErrorState error={error} />}
            <Button type="submit" loading={busy}>
              {t('signIn.submit')}
            </Button>
            <Anchor component="button" type="button" size="sm" onClick={() => setOperator(!operator)}>
              {operator ? t('signIn.asUser') : t('signIn.asOperator')}
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
