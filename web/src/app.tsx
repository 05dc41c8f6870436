import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { AppShell, Badge, Burger, Button, Center, Group, Loader, NavLink, Select, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { api, setCsrfToken } from './api.js';
import { useI18n } from './i18n/i18n.js';
import type { MessageKey } from './i18n/en.js';
import { LanguageSwitch } from './components/language-switch.js';
import { badgeColors } from './components/badges.js';
import { NoAccess, roleKey } from './components/states.js';
import { PasswordDialog } from './components/password-dialog.js';
import { useLiveUpdates, type LiveState } from './live.js';
import { Link, navigate, Redirect, usePath } from './router.js';
import { holds, SessionProvider, useSession, useWho, type Role } from './session.js';

const OverviewPage = lazy(() => import('./pages/overview.js').then((module) => ({ default: module.OverviewPage })));
const SimulatorPage = lazy(() => import('./pages/simulator.js').then((module) => ({ default: module.SimulatorPage })));
const MessagesPage = lazy(() => import('./pages/messages.js').then((module) => ({ default: module.MessagesPage })));
const SettingsPage = lazy(() => import('./pages/settings.js').then((module) => ({ default: module.SettingsPage })));
const TemplatesPage = lazy(() => import('./pages/templates.js').then((module) => ({ default: module.TemplatesPage })));
const ContactsPage = lazy(() => import('./pages/contacts.js').then((module) => ({ default: module.ContactsPage })));
const NumbersPage = lazy(() => import('./pages/numbers.js').then((module) => ({ default: module.NumbersPage })));
const SignInPage = lazy(() => import('./pages/sign-in.js').then((module) => ({ default: module.SignInPage })));
const InvitationPage = lazy(() => import('./pages/invitation.js').then((module) => ({ default: module.InvitationPage })));

interface PageEntry {
  readonly path: string;
  readonly label: MessageKey;
  readonly least: Role;
  render(): ReactNode;
}

const pages: readonly PageEntry[] = [
  { path: '/console/overview', label: 'nav.overview', least: 'agent', render: () => <OverviewPage /> },
  { path: '/console/simulator', label: 'nav.simulator', least: 'agent', render: () => <SimulatorPage /> },
  { path: '/console/messages', label: 'nav.messages', least: 'agent', render: () => <MessagesPage /> },
  { path: '/console/numbers', label: 'nav.numbers', least: 'agent', render: () => <NumbersPage /> },
  { path: '/console/templates', label: 'nav.templates', least: 'agent', render: () => <TemplatesPage /> },
  { path: '/console/contacts', label: 'nav.contacts', least: 'agent', render: () => <ContactsPage /> },
  { path: '/console/settings', label: 'nav.settings', least: 'admin', render: () => <SettingsPage /> },
];

function Loading() {
  const { t } = useI18n();
  return (
    <Center p="xl">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

function LiveBadge({ state }: { readonly state: LiveState }) {
  const { t } = useI18n();
  const label = state === 'live' ? t('live.on') : t('live.reconnecting');
  return (
    <Badge color={state === 'live' ? badgeColors.green : badgeColors.orange} variant="filled" role="status" aria-live="polite" style={{ flexShrink: 0 }}>
      {label}
    </Badge>
  );
}

function BusinessPicker() {
  const { t } = useI18n();
  const { who, businessId, setBusinessId } = useSession();
  const businesses = useQuery({ queryKey: ['businesses'], queryFn: () => api<{ data: { id: string; name: string }[] }>('GET', '/admin/businesses') });
  const first = businesses.data?.data[0]?.id;
  useEffect(() => {
    if (who.actor.kind === 'operator' && first !== undefined && (businessId === undefined || !businesses.data?.data.some((business) => business.id === businessId))) setBusinessId(first);
  }, [who, first, businessId, businesses.data, setBusinessId]);
  if (who.business !== null)
    return (
      <Text fw={600} visibleFrom="sm">
        {who.business.name}
      </Text>
    );
  return (
    <Select
      aria-label={t('shell.business')}
      placeholder={t('shell.business')}
      data={(businesses.data?.data ?? []).map((business) => ({ value: business.id, label: business.name }))}
      value={businessId ?? null}
      onChange={(value) => value !== null && setBusinessId(value)}
      allowDeselect={false}
      w={200}
    />
  );
}

function Shell({ path }: { readonly path: string }) {
  const { t } = useI18n();
  const { who } = useSession();
  const client = useQueryClient();
  const [opened, { toggle, close }] = useDisclosure();
  const live = useLiveUpdates(true);
  const page = pages.find((entry) => path === entry.path || path.startsWith(`${entry.path}/`));
  useEffect(() => close(), [path, close]);
  useEffect(() => {
    document.title = page === undefined ? 'Kabar' : `${t(page.label)} · Kabar`;
  }, [page, t]);
  const signOut = async (): Promise<void> => {
    await api('DELETE', '/admin/session').catch(() => undefined);
    setCsrfToken(null);
    client.clear();
    client.setQueryData(['session'], null);
    navigate('/console/sign-in', { replace: true });
  };
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a className="kabar-skip" href="#main">
        {t('shell.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.menu')} aria-expanded={opened} aria-controls="navigation" />
            <Title order={1} size="h3">
              Kabar
            </Title>
            <BusinessPicker />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LiveBadge state={live} />
            <LanguageSwitch />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" id="navigation" aria-label={t('shell.navigation')} component="nav">
        {pages
          .filter((entry) => holds(who, entry.least))
          .map((entry) => (
            <NavLink key={entry.path} component={Link} to={entry.path} label={t(entry.label)} active={page?.path === entry.path} aria-current={page?.path === entry.path ? 'page' : undefined} />
          ))}
        <Text size="sm" mt="lg">
          <VisuallyHidden>{t('shell.signedInAs')} </VisuallyHidden>
          {who.actor.label} · {t(roleKey(who.actor.role))}
        </Text>
        {who.actor.kind === 'user' ? <PasswordDialog /> : null}
        <Button variant="outline" mt="xs" onClick={() => void signOut()}>
          {t('shell.signOut')}
        </Button>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>{page === undefined ? <Redirect to="/console/overview" /> : holds(who, page.least) ? page.render() : <NoAccess least={page.least} />}</Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

export function App() {
  const path = usePath();
  const { who, loading } = useWho();
  if (path.startsWith('/console/invitation')) {
    return (
      <Suspense fallback={<Loading />}>
        <InvitationPage />
      </Suspense>
    );
  }
  if (loading) return <Loading />;
  if (who === undefined) {
    return (
      <Suspense fallback={<Loading />}>
        <SignInPage />
      </Suspense>
    );
  }
  if (!path.startsWith('/console/') || path === '/console/sign-in') return <Redirect to="/console/overview" />;
  return (
    <SessionProvider who={who}>
      <Shell path={path} />
    </SessionProvider>
  );
}
