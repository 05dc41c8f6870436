import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Grid, Group, ScrollArea, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { TableHead } from '../components/table-head.js';
import { badgeColors, StateBadge } from '../components/badges.js';
import { Empty, ErrorState, Loading, WriteError } from '../components/states.js';
import { holds, useSession } from '../session.js';

interface Template {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly status: string;
  readonly rejected_reason: string;
  readonly quality_score: { readonly score: string };
}

interface Finding {
  readonly rule: string;
  readonly severity: 'reject' | 'warn';
  readonly location: { readonly path: string };
  readonly message: { readonly en: string; readonly id: string };
  readonly hint: { readonly en: string; readonly id: string };
}

interface Numbers {
  readonly numbers: readonly { readonly waba_id: string; readonly display_phone_number: string; readonly verified_name: string }[];
}

const templateStatusColors: Readonly<Record<string, string>> = { APPROVED: 'CONNECTED', PENDING: 'PENDING', REJECTED: 'RESTRICTED', PAUSED: 'FLAGGED', DISABLED: 'DISCONNECTED', FLAGGED: 'FLAGGED' };
const qualityKeys = { GREEN: 'quality.GREEN', YELLOW: 'quality.YELLOW', RED: 'quality.RED', UNKNOWN: 'quality.UNKNOWN' } as const;

/** The draft as Meta's template creation request: a body with examples for its variables, an optional footer. */
function draftOf(form: { name: string; language: string; category: string; body: string; examples: string; footer: string }): Record<string, unknown> {
  const examples = form.examples.split(',').map((value) => value.trim()).filter((value) => value.length > 0);
  return {
    name: form.name.trim(),
    language: form.language,
    category: form.category,
    components: [
      { type: 'BODY', text: form.body, ...(examples.length === 0 ? {} : { example: { body_text: [examples] } }) },
      ...(form.footer.trim().length === 0 ? [] : [{ type: 'FOOTER', text: form.footer }]),
    ],
  };
}

function Preview({ body, examples, footer }: { readonly body: string; readonly examples: string; readonly footer: string }) {
  const { t } = useI18n();
  const values = examples.split(',').map((value) => value.trim());
  const text = body.replace(/\{\{(\d+)\}\}/g, (whole, index: string) => values[Number(index) - 1] || whole);
  return (
    <section className="kabar-phone" aria-label={t('templates.preview')}>
      <div className="kabar-phone-header">
        <Text fw={700}>{t('templates.preview')}</Text>
      </div>
      <div className="kabar-chat">
        <div className="kabar-bubble" data-side="business" style={{ whiteSpace: 'pre-wrap' }}>
          {text.length === 0 ? t('templates.previewEmpty') : text}
          {footer.trim().length === 0 ? null : <span className="kabar-bubble-meta" style={{ textAlign: 'left' }}>{footer}</span>}
        </div>
      </div>
    </section>
  );
}

function Editor({ wabaId }: { readonly wabaId: string }) {
  const { t, language } = useI18n();
  const client = useQueryClient();
  const [form, setForm] = useState({ name: '', language: 'id', category: 'UTILITY', body: '', examples: '', footer: '' });
  const [debounced] = useDebouncedValue(form, 400);
  const draft = useMemo(() => draftOf(debounced), [debounced]);
  const lint = useQuery({
    queryKey: ['template-lint', wabaId, draft],
    queryFn: () => api<{ verdict: 'pass' | 'warn' | 'reject'; findings: Finding[] }>('POST', '/admin/templates/lint', { body: { template: draft, waba_id: wabaId } }),
    enabled: debounced.name.length > 0 || debounced.body.length > 0,
  });
  const submit = useMutation({
    mutationFn: () => api<{ id: string; status: string }>('POST', `/admin/wabas/${wabaId}/templates`, { body: draftOf(form) }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['templates'] }),
  });
  const set = (field: keyof typeof form) => (value: string) => setForm({ ...form, [field]: value });
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    submit.mutate();
  };
  const findings = lint.data?.findings ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="editor-title">
      <Title order={3} size="h4" id="editor-title" mb="sm">
        {t('templates.new')}
      </Title>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <form onSubmit={onSubmit}>
            <Stack gap="xs">
              <TextInput label={t('templates.name')} description={t('templates.nameHint')} value={form.name} onChange={(event) => set('name')(event.currentTarget.value)} required />
              <Group grow>
                <Select label={t('templates.language')} data={[{ value: 'id', label: 'Bahasa Indonesia (id)' }, { value: 'en_US', label: 'English (en_US)' }, { value: 'en', label: 'English (en)' }]} value={form.language} onChange={(value) => value !== null && set('language')(value)} allowDeselect={false} />
                <Select label={t('templates.category')} data={['UTILITY', 'MARKETING', 'AUTHENTICATION']} value={form.category} onChange={(value) => value !== null && set('category')(value)} allowDeselect={false} />
              </Group>
              <Textarea label={t('templates.body')} description={t('templates.bodyHint')} value={form.body} onChange={(event) => set('body')(event.currentTarget.value)} autosize minRows={3} required />
              <TextInput label={t('templates.examples')} description={t('templates.examplesHint')} value={form.examples} onChange={(event) => set('examples')(event.currentTarget.value)} />
              <TextInput label={t('templates.footer')} value={form.footer} onChange={(event) => set('footer')(event.currentTarget.value)} />
              <Title order={4} size="h5">
                {t('templates.findings')}
              </Title>
              <div aria-live="polite">
                {lint.isError ? <ErrorState error={lint.error} /> : null}
                {lint.data === undefined ? (
                  <Text size="sm">{t('templates.lintIdle')}</Text>
                ) : findings.length === 0 ? (
                  <Text size="sm">{t('templates.lintClean')}</Text>
                ) : (
                  <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                    {findings.map((finding, index) => (
                      <li key={`${finding.rule}-${index}`}>
                        <Group gap="xs" wrap="nowrap" align="flex-start">
                          <Badge color={finding.severity === 'reject' ? badgeColors.red : badgeColors.orange} variant="filled" tt="none" style={{ flexShrink: 0 }}>
                            {finding.severity === 'reject' ? t('templates.blocks') : t('templates.warning')}
                          </Badge>
                          <div>
                            <Text size="sm">
                              {finding.message[language]} <Text span size="sm" c="dimmed">({finding.location.path})</Text>
                            </Text>
                            <Text size="sm" c="dimmed">
                              {finding.hint[language]}
                            </Text>
                          </div>
                        </Group>
                      </li>
                    ))}
                  </Stack>
                )}
              </div>
              <Group>
                <Button type="submit" loading={submit.isPending} disabled={lint.data?.verdict === 'reject'}>
                  {t('templates.submit')}
                </Button>
                {submit.data === undefined ? null : (
                  <Text size="sm" role="status">
                    {t('templates.submitted', { status: submit.data.status })}
                  </Text>
                )}
              </Group>
              <WriteError error={submit.error} />
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Preview body={form.body} examples={form.examples} footer={form.footer} />
        </Grid.Col>
      </Grid>
    </Card>
  );
}

export function TemplatesPage() {
  const { t } = useI18n();
  const { businessId, who } = useSession();
  const client = useQueryClient();
  const numbers = useQuery({ queryKey: ['overview', businessId], queryFn: () => api<Numbers>('GET', '/admin/overview', { query: { business_id: businessId } }) });
  const wabas = [...new Map((numbers.data?.numbers ?? []).map((number) => [number.waba_id, `+${number.display_phone_number} · ${number.verified_name}`])).entries()];
  const [wabaId, setWabaId] = useState<string | null>(null);
  const firstWaba = wabas[0]?.[0] ?? null;
  useEffect(() => {
    if (wabaId === null && firstWaba !== null) setWabaId(firstWaba);
  }, [firstWaba, wabaId]);
  const templates = useQuery({ queryKey: ['templates', wabaId], queryFn: () => api<{ data: Template[] }>('GET', `/admin/wabas/${wabaId ?? ''}/templates`), enabled: wabaId !== null });
  const remove = useMutation({
    mutationFn: (name: string) => api('DELETE', `/admin/wabas/${wabaId ?? ''}/templates`, { query: { name } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['templates'] }),
  });
  const admin = holds(who, 'admin');
  return (
    <Stack>
      <Title order={2}>{t('nav.templates')}</Title>
      {numbers.isPending ? <Loading /> : null}
      {wabas.length > 1 ? <Select label={t('templates.waba')} data={wabas.map(([value, label]) => ({ value, label }))} value={wabaId} onChange={setWabaId} allowDeselect={false} maw={360} /> : null}
      {numbers.data !== undefined && wabas.length === 0 ? <Empty title={t('overview.noNumbers')} description={t('overview.noNumbersHint')} /> : null}
      {templates.isError ? <ErrorState error={templates.error} retry={() => void templates.refetch()} /> : null}
      {templates.data === undefined ? null : templates.data.data.length === 0 ? (
        <Empty title={t('templates.none')} />
      ) : (
        <ScrollArea viewportProps={{ tabIndex: 0 }}>
          <Table aria-label={t('nav.templates')} miw={560} striped>
            <TableHead labels={[t('templates.name'), t('templates.language'), t('templates.category'), t('templates.status'), t('overview.quality'), ...(admin ? [t('settings.actions')] : [])]} />
            <Table.Tbody>
              {templates.data.data.map((template) => {
                const score = template.quality_score.score;
                return (
                  <Table.Tr key={template.id}>
                    <Table.Td>{template.name}</Table.Td>
                    <Table.Td>{template.language}</Table.Td>
                    <Table.Td>{template.category}</Table.Td>
                    <Table.Td>
                      <StateBadge value={templateStatusColors[template.status] ?? template.status} text={template.status} />
                      {template.rejected_reason !== 'NONE' ? (
                        <Text span size="sm" ml={6}>
                          {template.rejected_reason}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <StateBadge value={score} {...(score in qualityKeys ? { label: qualityKeys[score as keyof typeof qualityKeys] } : {})} />
                    </Table.Td>
                    {admin ? (
                      <Table.Td>
                        <Button size="xs" variant="outline" color="red.9" onClick={() => remove.mutate(template.name)} aria-label={t('templates.deleteNamed', { name: template.name })}>
                          {t('templates.delete')}
                        </Button>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      <WriteError error={remove.error} />
      {admin && wabaId !== null ? <Editor wabaId={wabaId} /> : null}
    </Stack>
  );
}
