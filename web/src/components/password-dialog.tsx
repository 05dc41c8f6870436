import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { WriteError } from './states.js';

/** A signed-in person changes their own password; from then on no start of Kabar resets it. */
export function PasswordDialog() {
  const { t } = useI18n();
  const [opened, setOpened] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation({
    mutationFn: () => api('POST', '/admin/session/password', { body: { current_password: current, new_password: next } }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    change.mutate();
  };
  const toggle = { 'aria-label': t('common.showPassword') };
  return (
    <>
      <Button variant="subtle" size="compact-sm" mt="xs" onClick={() => setOpened(true)}>
        {t('password.open')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('password.title')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <form onSubmit={submit}>
          <Stack>
            <PasswordInput label={t('password.current')} value={current} onChange={(event) => setCurrent(event.currentTarget.value)} required autoComplete="current-password" visibilityToggleButtonProps={toggle} />
            <PasswordInput label={t('password.new')} description={t('invitation.passwordRule')} value={next} onChange={(event) => setNext(event.currentTarget.value)} required minLength={10} autoComplete="new-password" visibilityToggleButtonProps={toggle} />
            <WriteError error={change.error} />
            {change.isSuccess ? (
              <Text size="sm" role="status">
                {t('password.changed')}
              </Text>
            ) : null}
            <Button type="submit" loading={change.isPending}>
              {t('password.submit')}
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
