import type { Insertable, Kysely, Selectable } from 'kysely';
import {
  samplesSeeded, templateSaved, templateVersion, templateVersionRecorded, type MessageTemplate, type ParameterFormat, type QualityScore, type RejectedReason, type TemplateAuthor,
  type TemplateCategory, type TemplateComponent, type TemplateFilter, type TemplateHistoryEvent, type TemplateStatus, type TemplatesRepository, type TemplateVersion,
} from '../../core/templates/index.js';
import type { Database, TemplatesTable, TemplateVersionsTable } from '../schema.js';
import { chunks, unitWriter } from '../unit-writers.js';

function templateRow(template: MessageTemplate): Insertable<TemplatesTable> {
  return {
    id: template.id,
    business_id: template.businessId,
    waba_id: template.wabaId,
    name: template.name,
    language: template.language,
    category: template.category,
    parameter_format: template.parameterFormat,
    components: JSON.stringify(template.components),
    sub_category: template.subCategory,
    message_send_ttl_seconds: template.messageSendTtlSeconds,
    status: template.status,
    rejected_reason: template.rejectedReason,
    previous_category: template.previousCategory,
    correct_category: template.correctCategory,
    category_update_at: template.categoryUpdateAt,
    quality: template.quality,
    quality_updated_at: template.qualityUpdatedAt,
    quality_since: template.qualitySince,
    flagged_at: template.flaggedAt,
    paused_until: template.pausedUntil,
    pause_count: template.pauseCount,
    edits: JSON.stringify(template.edits),
    created_at: template.createdAt,
    updated_at: template.updatedAt,
    deleted_at: template.deletedAt,
  };
}

function toTemplate(row: Selectable<TemplatesTable>): MessageTemplate {
  return {
    id: row.id,
    businessId: row.business_id,
    wabaId: row.waba_id,
    name: row.name,
    language: row.language,
    category: row.category as TemplateCategory,
    parameterFormat: row.parameter_format as ParameterFormat,
    components: JSON.parse(row.components) as TemplateComponent[],
    subCategory: row.sub_category,
    messageSendTtlSeconds: row.message_send_ttl_seconds,
    status: row.status as TemplateStatus,
    rejectedReason: row.rejected_reason as RejectedReason | null,
    previousCategory: row.previous_category as TemplateCategory | null,
    correctCategory: row.correct_category as TemplateCategory | null,
    categoryUpdateAt: row.category_update_at,
    quality: row.quality as QualityScore,
    qualityUpdatedAt: row.quality_updated_at,
    qualitySince: row.quality_since,
    flaggedAt: row.flagged_at,
    pausedUntil: row.paused_until,
    pauseCount: row.pause_count,
    edits: JSON.parse(row.edits) as number[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

function versionRow(version: TemplateVersion): Insertable<TemplateVersionsTable> {
  return {
    template_id: version.templateId,
    key: version.key,
    business_id: version.businessId,
    waba_id: version.wabaId,
    event: version.event,
    category: version.category,
    language: version.language,
    components: JSON.stringify(version.components),
    status: version.status,
    rejected_reason: version.rejectedReason,
    note: version.note,
    author_kind: version.author.kind,
    author_id: version.author.id,
    author_label: version.author.label.slice(0, 255),
    at: version.at,
  };
}

function toVersion(row: Selectable<TemplateVersionsTable>): TemplateVersion {
  return {
    key: row.key,
    templateId: row.template_id,
    businessId: row.business_id,
    wabaId: row.waba_id,
    event: row.event as TemplateHistoryEvent,
    category: row.category as TemplateCategory,
    language: row.language,
    components: JSON.parse(row.components) as TemplateComponent[],
    status: row.status as TemplateStatus,
    rejectedReason: row.rejected_reason as RejectedReason | null,
    note: row.note,
    author: { kind: row.author_kind as TemplateAuthor['kind'], id: row.author_id, label: row.author_label },
    at: Number(row.at),
  };
}

/** Meta's sample templates, as their first history entry says. */
const sampleAuthor: TemplateAuthor = { kind: 'kabar', id: 'samples', label: 'Meta’s sample templates' };

/** The first key of a millisecond: a template's first entry when nothing else issued one (the sample templates). */
const firstKeyAt = (at: number): string => `${Math.max(0, Math.floor(at)).toString(16).padStart(12, '0').toUpperCase()}00000000`;

async function upsert(trx: Kysely<Database>, template: MessageTemplate): Promise<void> {
  const row = templateRow(template);
  const changes = Object.fromEntries(Object.entries(row).filter(([column]) => column !== 'id'));
  await trx.insertInto('templates').values(row).onConflict((conflict) => conflict.column('id').doUpdateSet(changes)).execute();
}

/**
 * Bumped by every template write in this process: a lookup cached before it is not used after it.
 * (Shared by every Kabar in the process, which only costs them a re-read.)
 */
let writes = 0;

export const templatesWriter = unitWriter(templateSaved, async (trx, templates) => {
  writes += 1;
  // The last write of a template in a batch wins.
  for (const template of new Map(templates.map((entry) => [entry.id, entry])).values()) await upsert(trx, template);
});

/** The sample templates go in only with the WABA's seed mark: a second seed of the same WABA adds nothing. */
export const samplesWriter = unitWriter(samplesSeeded, async (trx, seeds) => {
  writes += 1;
  for (const seed of seeds) {
    const marked = await trx.insertInto('template_samples').values({ waba_id: seed.wabaId, seeded_at: seed.at }).onConflict((conflict) => conflict.column('waba_id').doNothing()).executeTakeFirst();
    if (Number(marked.numInsertedOrUpdatedRows ?? 0) === 0) continue;
    for (const template of seed.templates) await upsert(trx, template);
    if (seed.templates.length > 0) {
      await trx.insertInto('template_versions').values(seed.templates.map((template) => versionRow(templateVersion(firstKeyAt(seed.at), template, { event: 'CREATED', author: sampleAuthor, at: seed.at })))).execute();
    }
  }
});

/** History entries are only ever added. */
export const templateVersionsWriter = unitWriter(templateVersionRecorded, async (trx, versions) => {
  for (const part of chunks(versions)) await trx.insertInto('template_versions').values(part.map(versionRow)).execute();
});

interface Remembered {
  readonly template: MessageTemplate | undefined;
  readonly until: number;
  readonly writes: number;
}

/**
 * Templates by id and by (WABA, name, language). Every template send looks one up, so lookups by
 * name are kept until a template is written through this process, or for `ttlMs` (another node's write).
 */
export class KyselyTemplatesRepository implements TemplatesRepository {
  readonly #db: Kysely<Database>;
  readonly #ttlMs: number;
  readonly #byName = new Map<string, Remembered>();
  readonly #seeded = new Set<string>();

  constructor(db: Kysely<Database>, ttlMs = 1_000) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  forget(): void {
    this.#byName.clear();
  }

  async findById(id: string): Promise<MessageTemplate | undefined> {
    const row = await this.#db.selectFrom('templates').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toTemplate(row);
  }

  async findByName(wabaId: string, name: string, language: string): Promise<MessageTemplate | undefined> {
    const cacheKey = `${wabaId}|${language}|${name}`;
    const remembered = this.#byName.get(cacheKey);
    if (remembered !== undefined && remembered.until > performance.now() && remembered.writes === writes) return remembered.template;
    const before = writes;
    const row = await this.#db
      .selectFrom('templates')
      .selectAll()
      .where('waba_id', '=', wabaId)
      .where('name', '=', name)
      .where('language', '=', language)
      .where('status', '<>', 'DELETED')
      .executeTakeFirst();
    const template = row === undefined ? undefined : toTemplate(row);
    if (this.#byName.size >= 10_000) this.#byName.clear();
    // A write during the read may have made it stale already: keep it only if none happened.
    if (before === writes) this.#byName.set(cacheKey, { template, until: performance.now() + this.#ttlMs, writes });
    return template;
  }

  async listAll(wabaId: string): Promise<MessageTemplate[]> {
    const rows = await this.#db.selectFrom('templates').selectAll().where('waba_id', '=', wabaId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toTemplate);
  }

  async list(wabaId: string, filter: TemplateFilter): Promise<MessageTemplate[]> {
    let query = this.#db.selectFrom('templates').selectAll().where('waba_id', '=', wabaId).where('status', '<>', 'DELETED');
    // Template names are lowercase letters, digits and underscores: an underscore matching any one character is harmless.
    if (filter.name !== undefined) query = query.where('name', 'like', `%${filter.name.toLowerCase()}%`);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.category !== undefined) query = query.where('category', '=', filter.category);
    if (filter.language !== undefined) query = query.where('language', '=', filter.language);
    const { after, before } = filter;
    if (after !== undefined) query = query.where((where) => where.or([where('created_at', '<', after.createdAt), where.and([where('created_at', '=', after.createdAt), where('id', '<', after.id)])]));
    if (before !== undefined) {
      // The page before: the nearest rows above the cursor, read upwards, then put back newest first.
      const rows = await query
        .where((where) => where.or([where('created_at', '>', before.createdAt), where.and([where('created_at', '=', before.createdAt), where('id', '>', before.id)])]))
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .limit(filter.limit)
        .execute();
      return rows.reverse().map(toTemplate);
    }
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map(toTemplate);
  }

  async history(templateId: string): Promise<TemplateVersion[]> {
    const rows = await this.#db.selectFrom('template_versions').selectAll().where('template_id', '=', templateId).orderBy('key', 'asc').execute();
    return rows.map(toVersion);
  }

  async isSeeded(wabaId: string): Promise<boolean> {
    if (this.#seeded.has(wabaId)) return true;
    const row = await this.#db.selectFrom('template_samples').select('waba_id').where('waba_id', '=', wabaId).executeTakeFirst();
    if (row !== undefined) this.#seeded.add(wabaId);
    return row !== undefined;
  }
}
