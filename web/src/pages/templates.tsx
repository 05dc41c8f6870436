import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, FileInput, Grid, Group, ScrollArea, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api, resumableUpload } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { TableHead } from '../components/table-head.js';
import { badgeColors, StateBadge } from '../components/badges.js';
import { Empty, ErrorState, Loading, WriteError } from '../components/states.js';
import { holds, useSession } from '../session.js';
import { TemplateHistory, templateStatusColors } from './template-history.js';

interface Template {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly status: string;
  readonly rejected_reason: string;
  readonly quality_score: { readonly score: string };
  readonly components: readonly Component[];
  readonly edits?: readonly string[];
  readonly created_at?: string;
}

interface Component {
  readonly type: string;
  readonly format?: string;
  readonly text?: string;
  readonly example?: { readonly body_text?: readonly (readonly string[])[]; readonly header_handle?: readonly string[] };
  readonly buttons?: readonly { readonly type: string; readonly text?: string; readonly url?: string; readonly phone_number?: string; readonly example?: string | readonly string[] }[];
}

export interface Draft {
  name: string;
  language: string;
  category: string;
  headerFormat: string;
  header: string;
  headerSample: string;
  body: string;
  examples: string;
  footer: string;
  buttons: string;
  urlText: string;
  url: string;
  urlExample: string;
  phoneText: string;
  phone: string;
  copyCode: string;
}

const emptyDraft: Draft = {
  name: '', language: 'id', category: 'UTILITY', headerFormat: 'NONE', header: '', headerSample: '', body: '', examples: '', footer: '', buttons: '', urlText: '', url: '', urlExample: '', phoneText: '', phone: '', copyCode: '',
};
const headerFormats = ['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'] as const;

const firstOf = (value: string | readonly string[] | undefined): string => (typeof value === 'string' ? value : (value?.[0] ?? ''));

/** A stored template back in the editor's fields: its header, body, footer and buttons. */
function draftFrom(template: Template): Draft {
  const find = (type: string): Component | undefined => template.components.find((component) => component.type === type);
  const header = find('HEADER');
  const buttons = find('BUTTONS')?.buttons ?? [];
  const urlButton = buttons.find((button) => button.type === 'URL');
  const phoneButton = buttons.find((button) => button.type === 'PHONE_NUMBER');
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    headerFormat: header?.format !== undefined && (headerFormats as readonly string[]).includes(header.format) ? header.format : 'NONE',
    header: header?.format === 'TEXT' ? (header.text ?? '') : '',
    headerSample: header?.example?.header_handle?.[0] ?? '',
    body: find('BODY')?.text ?? '',
    examples: (find('BODY')?.example?.body_text?.[0] ?? []).join(', '),
    footer: find('FOOTER')?.text ?? '',
    buttons: buttons.filter((button) => button.type === 'QUICK_REPLY').map((button) => button.text ?? '').join(', '),
    urlText: urlButton?.text ?? '',
    url: urlButton?.url ?? '',
    urlExample: firstOf(urlButton?.example),
    phoneText: phoneButton?.text ?? '',
    phone: phoneButton?.phone_number ?? '',
    copyCode: firstOf(buttons.find((button) => button.type === 'COPY_CODE')?.example),
  };
}

function listOf(text: string): string[] {
  return text.split(',').map((value) => value.trim()).filter((value) => value.length > 0);
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

/** The files Kabar's Resumable Upload API takes for each media header. */
const sampleTypes: Readonly<Record<string, string>> = { IMAGE: 'image/jpeg,image/png', VIDEO: 'video/mp4', DOCUMENT: 'application/pdf' };
const qualityKeys = { GREEN: 'quality.GREEN', YELLOW: 'quality.YELLOW', RED: 'quality.RED', UNKNOWN: 'quality.UNKNOWN' } as const;

function headerOf(form: Draft): Record<string, unknown>[] {
  if (form.headerFormat === 'TEXT') return form.header.trim().length === 0 ? [] : [{ type: 'HEADER', format: 'TEXT', text: form.header }];
  if (form.headerFormat === 'NONE') return [];
  const sample = form.headerSample.trim();
  return [{ type: 'HEADER', format: form.headerFormat, ...(sample === '' ? {} : { example: { header_handle: [sample] } }) }];
}

/** Meta's buttons: quick replies first, then a website, a phone call, a copy-code button (each only when filled in). */
function buttonsOf(form: Draft): Record<string, unknown>[] {
  const urlExample = form.urlExample.trim();
  return [
    ...listOf(form.buttons).map((text) => ({ type: 'QUICK_REPLY', text })),
    ...(form.urlText.trim() === '' && form.url.trim() === '' ? [] : [{ type: 'URL', text: form.urlText.trim(), url: form.url.trim(), ...(urlExample === '' ? {} : { example: [urlExample] }) }]),
    ...(form.phoneText.trim() === '' && form.phone.trim() === '' ? [] : [{ type: 'PHONE_NUMBER', text: form.phoneText.trim(), phone_number: form.phone.trim() }]),
    ...(form.copyCode.trim() === '' ? [] : [{ type: 'COPY_CODE', example: form.copyCode.trim() }]),
  ];
}

/** The components of Meta's template creation request: a header, a body with examples for its variables, a footer, buttons. */
function componentsOf(form: Draft): Record<string, unknown>[] {
  const examples = listOf(form.examples);
  const buttons = buttonsOf(form);
  return [
    ...headerOf(form),
    { type: 'BODY', text: form.body, ...(examples.length === 0 ? {} : { example: { body_text: [examples] } }) },
    ...(form.footer.trim().length === 0 ? [] : [{ type: 'FOOTER', text: form.footer }]),
    ...(buttons.length === 0 ? [] : [{ type: 'BUTTONS', buttons }]),
  ];
}

function draftOf(form: Draft): Record<string, unknown> {
  return { name: form.name.trim(), language: form.language, category: form.category, components: componentsOf(form) };
}

/** The draft as a customer's WhatsApp draws it: header, body with the examples filled in, footer, buttons under the bubble. */
function Preview({ form, localImage }: { readonly form: Draft; readonly localImage: string | null }) {
  const { t } = useI18n();
  const values = form.examples.split(',').map((value) => value.trim());
  const text = form.body.replace(/\{\{(\d+)\}\}/g, (whole, index: string) => values[Number(index) - 1] || whole);
  const buttons = listOf(form.buttons);
  const url = form.url.replace(/\{\{1\}\}/, form.urlExample.trim() || '{{1}}');
  const sample = form.headerSample.trim();
  return (
    <section className="kabar-phone" aria-label={t('templates.preview')}>
      <div className="kabar-phone-header">
        <Text fw={700}>{t('templates.preview')}</Text>
      </div>
      <div className="kabar-chat">
        <div className="kabar-bubble" data-side="business">
          {form.headerFormat === 'TEXT' && form.header.trim().length > 0 ? <Text fw={700}>{form.header}</Text> : null}
          {form.headerFormat === 'IMAGE' && (localImage !== null || /^https?:\/\//.test(sample)) ? <img className="kabar-media-image" src={localImage ?? sample} alt={t('templates.headerImage')} /> : null}
          {form.headerFormat === 'IMAGE' || form.headerFormat === 'VIDEO' || form.headerFormat === 'DOCUMENT' ? (
            <div className="kabar-media" data-media={form.headerFormat.toLowerCase()}>
              <Text size="sm" fw={600}>
                {t(`phone.media.${form.headerFormat.toLowerCase() as 'image' | 'video' | 'document'}`)}
              </Text>
              <Text size="xs">{sample === '' ? t('templates.noSample') : sample}</Text>
            </div>
          ) : null}
          <div className="kabar-bubble-text">{text.length === 0 ? t('templates.previewEmpty') : text}</div>
          {form.footer.trim().length === 0 ? null : <Text size="xs" className="kabar-bubble-footer">{form.footer}</Text>}
          {buttons.map((button) => (
            <span key={button} className="kabar-phone-link">
              ↩ {button}
            </span>
          ))}
          {form.urlText.trim() === '' ? null : (
            <span className="kabar-phone-link" title={url}>
              ↗ {form.urlText}
            </span>
          )}
          {form.urlText.trim() === '' ? null : <Text size="xs" ta="center">{url}</Text>}
          {form.phoneText.trim() === '' ? null : (
            <span className="kabar-phone-link">
              📞 {form.phoneText} · {form.phone}
            </span>
          )}
          {form.copyCode.trim() === '' ? null : (
            <span className="kabar-phone-link">
              ⧉ {t('templates.copyCodeButton', { code: form.copyCode.trim() })}
            </span>
          )}
        </div>
      </div>
    </section>
  );
}

/** A media header's sample picked from disk: uploaded through the Resumable Upload API, its handle put in the sample. */
function SampleUpload({ format, onHandle, onImage }: { readonly format: string; readonly onHandle: (handle: string) => void; readonly onImage: (url: string | null) => void }) {
  const { t } = useI18n();
  const { businessId } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState(0);
  const send = useMutation({
    mutationFn: (chosen: File) => resumableUpload(chosen, businessId ?? undefined, (done, total) => setSent(total === 0 ? 0 : Math.round((done / total) * 100))),
    onSuccess: (handle) => onHandle(handle),
  });
  const pick = (chosen: File | null): void => {
    setFile(chosen);
    setSent(0);
    onImage(chosen !== null && chosen.type.startsWith('image/') ? URL.createObjectURL(chosen) : null);
    if (chosen !== null) send.mutate(chosen);
  };
  return (
    <Stack gap={4}>
      <FileInput label={t('templates.sampleFile')} description={t('templates.sampleFileHint')} accept={sampleTypes[format]} value={file} onChange={pick} clearable placeholder={t('templates.samplePick')} />
      <div aria-live="polite">
        {send.isPending && file !== null ? <Text size="sm">{t('templates.uploading', { name: file.name, percent: sent })}</Text> : null}
        {send.isSuccess && file !== null ? (
          <Text size="sm" role="status">
            {t('templates.uploaded', { name: file.name })}
          </Text>
        ) : null}
      </div>
      <WriteError error={send.error} />
    </Stack>
  );
}

function Editor({ wabaId, editing, onDone, onHistory }: { readonly wabaId: string; readonly editing: Template | undefined; readonly onDone: () => void; readonly onHistory: (template: Template) => void }) {
  const { t, language } = useI18n();
  const client = useQueryClient();
  const [localImage, setLocalImage] = useState<string | null>(null);
  useEffect(() => () => {
    if (localImage !== null) URL.revokeObjectURL(localImage);
  }, [localImage]);
  const [form, setForm] = useState<Draft>(editing === undefined ? emptyDraft : draftFrom(editing));
  useEffect(() => setForm(editing === undefined ? emptyDraft : draftFrom(editing)), [editing]);
  const [debounced] = useDebouncedValue(form, 400);
  const draft = useMemo(() => draftOf(debounced), [debounced]);
  const lint = useQuery({
    queryKey: ['template-lint', wabaId, draft],
    queryFn: () => api<{ verdict: 'pass' | 'warn' | 'reject'; findings: Finding[] }>('POST', '/admin/templates/lint', { body: { template: draft, waba_id: wabaId } }),
    enabled: debounced.name.length > 0 || debounced.body.length > 0,
  });
  const submit = useMutation({
    mutationFn: () =>
      editing === undefined
        ? api<{ id: string; status: string }>('POST', `/admin/wabas/${wabaId}/templates`, { body: draftOf(form) })
        : api<{ id: string; status: string }>('POST', `/admin/templates/${editing.id}`, { body: { category: form.category, components: componentsOf(form) } }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['templates'] });
      if (editing !== undefined) onDone();
    },
  });
  const set = (field: keyof typeof form) => (value: string) => setForm({ ...form, [field]: value });
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    submit.mutate();
  };
  const findings = lint.data?.findings ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="editor-title">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4" id="editor-title">
          {editing === undefined ? t('templates.new') : t('templates.editing', { name: editing.name })}
        </Title>
        {editing === undefined ? null : (
          <Group gap={4}>
            <Button variant="outline" size="xs" onClick={() => onHistory(editing)}>
              {t('templates.history')}
            </Button>
            <Button variant="outline" size="xs" onClick={onDone}>
              {t('templates.cancelEdit')}
            </Button>
          </Group>
        )}
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <form onSubmit={onSubmit}>
            <Stack gap="xs">
              <TextInput label={t('templates.name')} description={t('templates.nameHint')} value={form.name} onChange={(event) => set('name')(event.currentTarget.value)} required readOnly={editing !== undefined} />
              <Group grow>
                <Select label={t('templates.language')} data={[{ value: 'id', label: 'Bahasa Indonesia (id)' }, { value: 'en_US', label: 'English (en_US)' }, { value: 'en', label: 'English (en)' }]} value={form.language} onChange={(value) => value !== null && set('language')(value)} allowDeselect={false} readOnly={editing !== undefined} />
                <Select label={t('templates.category')} data={['UTILITY', 'MARKETING', 'AUTHENTICATION']} value={form.category} onChange={(value) => value !== null && set('category')(value)} allowDeselect={false} />
              </Group>
              <Group grow align="flex-start">
                <Select label={t('templates.headerFormat')} data={headerFormats.map((value) => ({ value, label: t(`templates.headerFormat.${value}`) }))} value={form.headerFormat} onChange={(value) => value !== null && set('headerFormat')(value)} allowDeselect={false} />
                {form.headerFormat === 'TEXT' ? <TextInput label={t('templates.header')} value={form.header} onChange={(event) => set('header')(event.currentTarget.value)} /> : null}
                {form.headerFormat === 'IMAGE' || form.headerFormat === 'VIDEO' || form.headerFormat === 'DOCUMENT' ? (
                  <TextInput label={t('templates.headerSample')} description={t('templates.headerSampleHint')} value={form.headerSample} onChange={(event) => set('headerSample')(event.currentTarget.value)} />
                ) : null}
              </Group>
              {form.headerFormat === 'IMAGE' || form.headerFormat === 'VIDEO' || form.headerFormat === 'DOCUMENT' ? (
                <SampleUpload key={form.headerFormat} format={form.headerFormat} onHandle={(handle) => setForm((current) => ({ ...current, headerSample: handle }))} onImage={setLocalImage} />
              ) : null}
              <Textarea label={t('templates.body')} description={t('templates.bodyHint')} value={form.body} onChange={(event) => set('body')(event.currentTarget.value)} autosize minRows={3} required />
              <TextInput label={t('templates.examples')} description={t('templates.examplesHint')} value={form.examples} onChange={(event) => set('examples')(event.currentTarget.value)} />
              <TextInput label={t('templates.footer')} value={form.footer} onChange={(event) => set('footer')(event.currentTarget.value)} />
              <TextInput label={t('templates.buttons')} description={t('templates.buttonsHint')} value={form.buttons} onChange={(event) => set('buttons')(event.currentTarget.value)} />
              <Group grow align="flex-start">
                <TextInput label={t('templates.urlText')} value={form.urlText} onChange={(event) => set('urlText')(event.currentTarget.value)} maxLength={25} />
                <TextInput label={t('templates.url')} description={t('templates.urlHint')} value={form.url} onChange={(event) => set('url')(event.currentTarget.value)} />
                <TextInput label={t('templates.urlExample')} value={form.urlExample} onChange={(event) => set('urlExample')(event.currentTarget.value)} />
              </Group>
              <Group grow align="flex-start">
                <TextInput label={t('templates.phoneText')} value={form.phoneText} onChange={(event) => set('phoneText')(event.currentTarget.value)} maxLength={25} />
                <TextInput label={t('templates.phone')} value={form.phone} onChange={(event) => set('phone')(event.currentTarget.value)} inputMode="tel" />
                <TextInput label={t('templates.copyCode')} description={t('templates.copyCodeHint')} value={form.copyCode} onChange={(event) => set('copyCode')(event.currentTarget.value)} maxLength={15} />
              </Group>
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
                  {editing === undefined ? t('templates.submit') : t('templates.saveEdit')}
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
          <Preview form={form} localImage={form.headerFormat === 'IMAGE' ? localImage : null} />
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
  const [editing, setEditing] = useState<Template | undefined>(undefined);
  const [history, setHistory] = useState<Template | undefined>(undefined);
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
            <TableHead labels={[t('templates.name'), t('templates.language'), t('templates.category'), t('templates.status'), t('overview.quality'), t('settings.actions')]} />
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
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button size="xs" variant="outline" onClick={() => setHistory(template)} aria-label={t('templates.historyNamed', { name: template.name })}>
                          {t('templates.history')}
                        </Button>
                        {admin ? (
                          <>
                            <Button
                              size="xs"
                              variant="outline"
                              disabled={!['APPROVED', 'REJECTED', 'PAUSED'].includes(template.status)}
                              onClick={() => {
                                setEditing(template);
                                document.getElementById('editor-title')?.scrollIntoView();
                              }}
                              aria-label={t('templates.editNamed', { name: template.name })}
                            >
                              {t('templates.edit')}
                            </Button>
                            <Button size="xs" variant="outline" color="red.9" onClick={() => remove.mutate(template.name)} aria-label={t('templates.deleteNamed', { name: template.name })}>
                              {t('templates.delete')}
                            </Button>
                          </>
                        ) : null}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      <WriteError error={remove.error} />
      {admin && wabaId !== null ? <Editor wabaId={wabaId} editing={editing} onDone={() => setEditing(undefined)} onHistory={setHistory} /> : null}
      {history === undefined ? null : <TemplateHistory template={history} onClose={() => setHistory(undefined)} />}
    </Stack>
  );
}
