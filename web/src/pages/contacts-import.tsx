import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Button, Card, FileInput, Group, Progress, ScrollArea, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, upload } from '../api.js';
import { useI18n } from '../i18n/i18n.js';
import { TableHead } from '../components/table-head.js';
import { StateBadge } from '../components/badges.js';
import { ErrorState, WriteError } from '../components/states.js';

interface ImportJob {
  readonly id: string;
  readonly status: 'waiting_for_file' | 'running' | 'completed' | 'failed';
  readonly file_name: string | null;
  readonly bytes_read: number;
  readonly rows_read: number;
  readonly created: number;
  readonly merged: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly error: string | null;
  readonly created_at: string;
  readonly finished_at: string | null;
}

interface RowError {
  readonly row: number;
  readonly code: string;
  readonly message: string;
  readonly input: string;
}

const statusColors: Readonly<Record<ImportJob['status'], string>> = { waiting_for_file: 'PENDING', running: 'PENDING', completed: 'CONNECTED', failed: 'RESTRICTED' };

function ImportStatus({ status }: { readonly status: ImportJob['status'] }) {
  const { t } = useI18n();
  return <StateBadge value={statusColors[status]} text={t(`import.status.${status}`)} />;
}

/** The rows that did not import: why, and the whole report as CSV. */
function ErrorReport({ businessId, job }: { readonly businessId: string; readonly job: ImportJob }) {
  const { t, format } = useI18n();
  const base = `/admin/businesses/${businessId}/contacts/imports/${job.id}`;
  const errors = useQuery({ queryKey: ['contacts', 'import-errors', job.id], queryFn: () => api<{ data: RowError[] }>('GET', `${base}/errors`, { query: { limit: 200 } }), enabled: job.failed > 0 });
  if (job.failed === 0) return null;
  return (
    <section aria-labelledby={`errors-${job.id}`}>
      <Group justify="space-between" mb={4}>
        <Title order={4} size="h5" id={`errors-${job.id}`}>
          {t('import.errorReport', { count: format.number(job.failed) })}
        </Title>
        <Anchor href={`${base}/errors.csv`} download size="sm">
          {t('import.downloadErrors')}
        </Anchor>
      </Group>
      {errors.isError ? <ErrorState error={errors.error} retry={() => void errors.refetch()} /> : null}
      {errors.data === undefined ? null : (
        <ScrollArea viewportProps={{ tabIndex: 0, 'aria-label': t('import.errorReportShort') }} mah={320}>
          <Table aria-label={t('import.errorReportShort')} miw={520} striped>
            <TableHead labels={[t('import.row'), t('import.input'), t('import.code'), t('import.why')]} />
            <Table.Tbody>
              {errors.data.data.map((error) => (
                <Table.Tr key={error.row}>
                  <Table.Td>{error.row}</Table.Td>
                  <Table.Td>{error.input}</Table.Td>
                  <Table.Td>{error.code}</Table.Td>
                  <Table.Td>{error.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </section>
  );
}

function JobSummary({ businessId, job, sent }: { readonly businessId: string; readonly job: ImportJob; readonly sent?: { readonly loaded: number; readonly total: number } }) {
  const { t, format } = useI18n();
  const running = job.status === 'waiting_for_file' || job.status === 'running';
  const share = sent === undefined || sent.total === 0 ? (running ? 0 : 100) : Math.round((Math.max(sent.loaded, job.bytes_read) / sent.total) * 100);
  return (
    <Stack gap="xs" data-import={job.id}>
      <Group gap="xs">
        <Text fw={600}>{job.file_name ?? t('import.noFile')}</Text>
        <ImportStatus status={job.status} />
      </Group>
      {running ? <Progress value={share} aria-label={t('import.progress')} animated={false} size="lg" /> : null}
      <Text size="sm" role="status" aria-live="polite">
        {t('import.counts', {
          rows: format.number(job.rows_read),
          created: format.number(job.created),
          merged: format.number(job.merged),
          unchanged: format.number(job.unchanged),
          failed: format.number(job.failed),
        })}
      </Text>
      {job.error === null ? null : <ErrorState error={new Error(job.error)} />}
      <ErrorReport businessId={businessId} job={job} />
    </Stack>
  );
}

/** A CSV of contacts: sent with its progress, read in batches whose counts show as they land, then its error report. */
export function ImportPanel({ businessId }: { readonly businessId: string }) {
  const { t, format } = useI18n();
  const client = useQueryClient();
  const base = `/admin/businesses/${businessId}/contacts/imports`;
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState({ tags: '', country: 'ID', onExisting: 'skip' });
  const [running, setRunning] = useState<{ id: string; loaded: number; total: number } | undefined>(undefined);
  const imports = useQuery({ queryKey: ['contacts', 'imports', businessId], queryFn: () => api<{ data: ImportJob[] }>('GET', base, { query: { limit: 5 } }) });
  // While a file goes up, its job is read twice a second: the rows read so far, created, failed.
  const live = useQuery({
    queryKey: ['contacts', 'import', running?.id],
    queryFn: () => api<ImportJob>('GET', `${base}/${running?.id ?? ''}`),
    enabled: running !== undefined,
    refetchInterval: 500,
  });
  const start = useMutation({
    mutationFn: async (chosen: File) => {
      const tags = options.tags.split(',').map((tag) => tag.trim()).filter((tag) => tag.length > 0);
      const job = await api<ImportJob>('POST', base, { body: { tags, on_existing: options.onExisting, ...(options.country === '' ? {} : { default_country: options.country }) } });
      setRunning({ id: job.id, loaded: 0, total: chosen.size });
      return upload<ImportJob>(`${base}/${job.id}/file`, chosen, (loaded, total) => setRunning({ id: job.id, loaded, total }));
    },
    onSuccess: async (job) => {
      client.setQueryData(['contacts', 'import', job.id], job);
      setFile(null);
      await client.invalidateQueries({ queryKey: ['contacts'] });
    },
    onSettled: () => setRunning(undefined),
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (file !== null) start.mutate(file);
  };
  const current = start.data ?? live.data;
  const earlier = (imports.data?.data ?? []).filter((job) => job.id !== current?.id);
  return (
    <Card withBorder component="section" aria-labelledby="import-title">
      <Stack>
        <Title order={3} size="h4" id="import-title">
          {t('import.title')}
        </Title>
        <Text size="sm">{t('import.intro')}</Text>
        <form onSubmit={submit}>
          <Stack gap="xs">
            <FileInput label={t('import.file')} description={t('import.fileHint')} accept=".csv,text/csv,text/plain" value={file} onChange={setFile} clearable required placeholder={t('import.pick')} />
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
              <TextInput label={t('import.tags')} description={t('contacts.tagsHint')} value={options.tags} onChange={(event) => setOptions({ ...options, tags: event.currentTarget.value })} />
              <TextInput label={t('import.country')} description={t('import.countryHint')} value={options.country} maxLength={2} onChange={(event) => setOptions({ ...options, country: event.currentTarget.value.toUpperCase() })} />
              <Select
                label={t('import.existing')}
                allowDeselect={false}
                value={options.onExisting}
                onChange={(value) => value !== null && setOptions({ ...options, onExisting: value })}
                data={[
                  { value: 'skip', label: t('import.skip') },
                  { value: 'merge', label: t('import.merge') },
                ]}
              />
            </SimpleGrid>
            <Button type="submit" loading={start.isPending} disabled={file === null} w="fit-content">
              {t('import.start')}
            </Button>
            <WriteError error={start.error} />
          </Stack>
        </form>
        {current === undefined ? null : <JobSummary businessId={businessId} job={current} {...(running === undefined ? {} : { sent: running })} />}
        {earlier.length === 0 ? null : (
          <section aria-labelledby="earlier-imports">
            <Title order={4} size="h5" id="earlier-imports" mb={4}>
              {t('import.earlier')}
            </Title>
            <Stack component="ul" gap={4} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {earlier.map((job) => (
                <li key={job.id}>
                  <Group gap="xs">
                    <Text size="sm">
                      {format.dateTime(job.created_at)} · {job.file_name ?? t('import.noFile')}
                    </Text>
                    <ImportStatus status={job.status} />
                    <Text size="sm">{t('import.short', { created: format.number(job.created), failed: format.number(job.failed) })}</Text>
                    {job.failed > 0 ? (
                      <Anchor href={`${base}/${job.id}/errors.csv`} download size="sm">
                        {t('import.downloadErrors')}
                      </Anchor>
                    ) : null}
                  </Group>
                </li>
              ))}
            </Stack>
          </section>
        )}
      </Stack>
    </Card>
  );
}
