import { Readable } from 'node:stream';
import { Type, type Static } from 'typebox';
import iconv from 'iconv-lite';
import multipart from '@fastify/multipart';
import { stringify } from 'csv-stringify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createImport, runImport, type ContactImport, type ImportOptions } from '../../core/contacts/index.js';
import { domainError, type DomainError } from '../../core/shared/index.js';
import { sendDomainError } from '../errors.js';
import type { ContactsContext } from './contacts.context.js';
import { businessParams } from './contacts.routes.js';
import { contactView, importView, rowErrorView } from './contacts.views.js';
import { csvSource } from './csv-source.js';

const importParams = Type.Object({ businessId: Type.String({ pattern: '^[0-9]{1,32}$' }), importId: Type.String({ pattern: '^[0-9A-F]{20}$' }) });

export const importOptionsBody = Type.Object(
  {
    mapping: Type.Optional(
      Type.Object(
        {
          phone: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
          tags: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
          attributes: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.String({ minLength: 1, maxLength: 256 }), { maxProperties: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
    on_existing: Type.Optional(Type.Union([Type.Literal('skip'), Type.Literal('merge')])),
    verify: Type.Optional(Type.Boolean()),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 })),
    default_country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    encoding: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    delimiter: Type.Optional(Type.Union([Type.Literal(','), Type.Literal(';'), Type.Literal('\t'), Type.Literal('|')])),
  },
  { additionalProperties: false },
);
type ImportOptionsBody = Static<typeof importOptionsBody>;

function toOptions(body: ImportOptionsBody): ImportOptions | DomainError {
  if (body.encoding !== undefined && !iconv.encodingExists(body.encoding)) return domainError('PARAMETER_INVALID', `encoding '${body.encoding}' is not one Kabar can decode.`);
  const mapping = body.mapping ?? {};
  return {
    mapping: {
      ...(mapping.phone === undefined ? {} : { phone: mapping.phone }),
      ...(mapping.name === undefined ? {} : { name: mapping.name }),
      ...(mapping.tags === undefined ? {} : { tags: mapping.tags }),
      ...(mapping.attributes === undefined ? {} : { attributes: mapping.attributes }),
    },
    onExisting: body.on_existing ?? 'skip',
    verify: body.verify === true,
    tags: body.tags ?? [],
    ...(body.default_country === undefined ? {} : { defaultCountry: body.default_country }),
    ...(body.encoding === undefined ? {} : { encoding: body.encoding }),
    ...(body.delimiter === undefined ? {} : { delimiter: body.delimiter }),
  };
}

/** Multipart fields before the file: the same names as the JSON body (`mapping` as JSON text, `tags` comma-separated). */
function optionsFromFields(fields: Readonly<Record<string, string>>): ImportOptions | DomainError {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'mapping') {
      try {
        body[name] = JSON.parse(value) as unknown;
      } catch {
        return domainError('PARAMETER_INVALID', 'The mapping field must be JSON, e.g. {"phone":"Nomor HP","name":"Nama"}.');
      }
    } else if (name === 'verify') body[name] = value === 'true' || value === '1';
    else if (name === 'tags') body[name] = value.split(',').map((tag) => tag.trim()).filter((tag) => tag.length > 0);
    else body[name] = value;
  }
  const valid = importOptionsCheck(body);
  return valid === undefined ? toOptions(body as ImportOptionsBody) : domainError('PARAMETER_INVALID', valid);
}

/** A light check of multipart option fields (JSON bodies are validated by the route schema). */
function importOptionsCheck(body: Readonly<Record<string, unknown>>): string | undefined {
  const known = new Set(Object.keys(importOptionsBody.properties));
  const unknown = Object.keys(body).find((name) => !known.has(name));
  if (unknown !== undefined) return `Unknown import option '${unknown}'; the options are ${[...known].join(', ')}.`;
  if (body['on_existing'] !== undefined && body['on_existing'] !== 'skip' && body['on_existing'] !== 'merge') return 'on_existing must be skip or merge.';
  if (body['default_country'] !== undefined && !/^[A-Z]{2}$/.test(String(body['default_country']))) return 'default_country must be a two-letter region code such as ID.';
  if (body['delimiter'] !== undefined && ![',', ';', '\t', '|'].includes(String(body['delimiter']))) return 'delimiter must be one of , ; | or a tab.';
  const mapping = body['mapping'];
  if (mapping !== undefined && (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping))) return 'mapping must be an object.';
  return undefined;
}

/** The file part of a multipart request, after the option fields that precede it. */
async function filePart(request: FastifyRequest): Promise<{ fields: Record<string, string>; file?: { stream: AsyncIterable<Buffer>; name: string } }> {
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') return { fields, file: { stream: part.file, name: part.filename } };
    fields[part.fieldname] = String(part.value);
  }
  return { fields };
}

/** Every item of a paged listing, a page at a time: `page(after)` until one comes back empty. */
async function* pagesOf<Item, Cursor>(page: (after: Cursor) => Promise<Item[]>, cursor: (item: Item) => Cursor, start: Cursor): AsyncGenerator<Item> {
  let after = start;
  for (;;) {
    const items = await page(after);
    yield* items;
    const last = items[items.length - 1];
    if (last === undefined) return;
    after = cursor(last);
  }
}

/** A CSV download, streamed: the header line, then a line per item. */
async function sendCsv<Item>(reply: FastifyReply, fileName: string, header: readonly string[], items: AsyncIterable<Item>, line: (item: Item) => string[]): Promise<FastifyReply> {
  async function* lines(): AsyncGenerator<string[]> {
    yield [...header];
    for await (const item of items) yield line(item);
  }
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(Readable.from(lines()).pipe(stringify()));
}

/**
 * Runs an import on its file: the file read by `csvSource` (its reading thread), the rows written
 * through the group committer.
 */
export async function importFile(context: ContactsContext, job: ContactImport, file: { readonly stream: AsyncIterable<Buffer>; readonly name: string }): Promise<ContactImport> {
  const source = await csvSource(file.stream, { fileName: file.name, ...(job.options.encoding === undefined ? {} : { encoding: job.options.encoding }), ...(job.options.delimiter === undefined ? {} : { delimiter: job.options.delimiter }) });
  try {
    return await runImport(context.deps, job, source);
  } finally {
    await source.close();
  }
}

/** Contact imports: a job to create, its CSV file streamed in, its progress and its row report. */
export function contactsImportRoutes(context: ContactsContext) {
  return async (instance: FastifyInstance): Promise<void> => {
    const { deps, repository } = context;

    const run = async (reply: FastifyReply, job: ContactImport, file: { stream: AsyncIterable<Buffer>; name: string }): Promise<FastifyReply> => reply.send(importView(await importFile(context, job, file)));

    await instance.register(async (scope) => {
      await scope.register(multipart, { limits: { fileSize: 4 * 1024 ** 3, files: 1, fields: 20, fieldSize: 64 * 1024 } });
      const app = scope.withTypeProvider<TypeBoxTypeProvider>();

      // JSON: opens a job that waits for its file. Multipart (option fields, then the file): opens and runs it.
      app.post('/admin/businesses/:businessId/contacts/imports', { config: { access: 'admin' }, schema: { params: businessParams } }, async (request, reply) => {
        const { businessId } = request.params;
        if (!request.isMultipart()) {
          const body = (request.body ?? {}) as Record<string, unknown>;
          const problem = importOptionsCheck(body);
          if (problem !== undefined) return sendDomainError(reply, domainError('PARAMETER_INVALID', problem));
          const options = toOptions(body as ImportOptionsBody);
          if ('code' in options) return sendDomainError(reply, options);
          const job = await createImport(deps, businessId, options);
          return job.ok ? reply.code(201).send(importView(job.value)) : sendDomainError(reply, job.error);
        }
        const { fields, file } = await filePart(request);
        const options = optionsFromFields(fields);
        if ('code' in options) return sendDomainError(reply, options);
        if (file === undefined) return sendDomainError(reply, domainError('PARAMETER_MISSING', 'The multipart body has no file part: send the CSV file as the field "file", after the option fields.'));
        const job = await createImport(deps, businessId, options);
        if (!job.ok) {
          file.stream[Symbol.asyncIterator]().return?.();
          return sendDomainError(reply, job.error);
        }
        return run(reply, job.value, file);
      });

      app.post('/admin/businesses/:businessId/contacts/imports/:importId/file', { config: { access: 'admin' }, schema: { params: importParams } }, async (request, reply) => {
        const job = await repository.findImport(request.params.businessId, request.params.importId);
        if (job === undefined) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No import '${request.params.importId}' in this business.`));
        if (job.status !== 'waiting_for_file') return sendDomainError(reply, domainError('PARAMETER_INVALID', `Import '${job.id}' is ${job.status}: it already has its file. Open a new import for another file.`));
        if (!request.isMultipart()) return sendDomainError(reply, domainError('PARAMETER_INVALID', 'Send the CSV file as multipart/form-data, in the field "file".'));
        const { file } = await filePart(request);
        if (file === undefined) return sendDomainError(reply, domainError('PARAMETER_MISSING', 'The multipart body has no file part.'));
        return run(reply, job, file);
      });
    });

    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const findJob = async (reply: FastifyReply, businessId: string, importId: string): Promise<ContactImport | undefined> => {
      const job = await repository.findImport(businessId, importId);
      if (job === undefined) await sendDomainError(reply, domainError('NODE_NOT_FOUND', `No import '${importId}' in this business.`));
      return job;
    };

    app.get('/admin/businesses/:businessId/contacts/imports', { config: { access: 'agent' }, schema: { params: businessParams, querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }) } }, async (request, reply) =>
      reply.send({ data: (await repository.listImports(request.params.businessId, request.query.limit ?? 20)).map(importView) }),
    );

    app.get('/admin/businesses/:businessId/contacts/imports/:importId', { config: { access: 'agent' }, schema: { params: importParams } }, async (request, reply) => {
      const job = await findJob(reply, request.params.businessId, request.params.importId);
      return job === undefined ? reply : reply.send(importView(job));
    });

    app.get(
      '/admin/businesses/:businessId/contacts/imports/:importId/errors',
      { config: { access: 'agent' }, schema: { params: importParams, querystring: Type.Object({ after_row: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5_000 })) }) } },
      async (request, reply) => {
        const job = await findJob(reply, request.params.businessId, request.params.importId);
        if (job === undefined) return reply;
        const limit = request.query.limit ?? 500;
        const errors = await repository.rowErrors(job.id, request.query.after_row ?? 0, limit);
        const last = errors[errors.length - 1];
        return reply.send({ data: errors.map(rowErrorView), paging: { after_row: errors.length === limit && last !== undefined ? last.row : null } });
      },
    );

    // The rows that did not import, as CSV: their columns as in the file, then the row number, the code and why.
    app.get('/admin/businesses/:businessId/contacts/imports/:importId/errors.csv', { config: { access: 'agent' }, schema: { params: importParams } }, async (request, reply) => {
      const job = await findJob(reply, request.params.businessId, request.params.importId);
      if (job === undefined) return reply;
      const first = await repository.rowErrors(job.id, 0, 1);
      const columns = Object.keys(first[0]?.raw ?? {});
      const pages = pagesOf((after: number) => repository.rowErrors(job.id, after, 2_000), (error) => error.row, 0);
      return sendCsv(reply, `import-${job.id}-errors.csv`, [...columns, 'row', 'error_code', 'error'], pages, (error) => [...columns.map((column) => error.raw[column] ?? ''), String(error.row), error.code, error.message]);
    });

    // Every contact of the business, streamed a page at a time.
    app.get('/admin/businesses/:businessId/contacts/export.csv', { config: { access: 'admin' }, schema: { params: businessParams } }, async (request, reply) => {
      const { businessId } = request.params;
      if ((await context.services.accounts.findBusiness(businessId)) === undefined) return sendDomainError(reply, domainError('NODE_NOT_FOUND', `No business with id '${businessId}'.`));
      const pages = pagesOf((after: string) => repository.listAfter(businessId, after === '' ? undefined : after, 2_000), (contact) => contact.id, '');
      return sendCsv(reply, `contacts-${businessId}.csv`, ['phone', 'wa_id', 'name', 'tags', 'attributes', 'verification', 'id', 'created_at'], pages, (contact) => [
        `+${contact.waId}`,
        contact.waId,
        contact.name,
        contact.tags.join(';'),
        JSON.stringify(contact.attributes),
        contact.verification,
        contact.id,
        String(contactView(contact)['created_at']),
      ]);
    });
  };
}
