import type { Kysely, Selectable } from 'kysely';
import { flowDeleted, flowSaved, type Flow, type FlowCategory, type FlowRepository, type FlowStatus, type FlowValidationError } from '../../core/flows/index.js';
import type { Database, FlowsTable } from '../schema.js';
import { chunks, unitWriter, type UnitWriter } from '../unit-writers.js';

function toFlow(row: Selectable<FlowsTable>): Flow {
  return {
    id: row.id,
    businessId: row.business_id,
    wabaId: row.waba_id,
    name: row.name,
    categories: JSON.parse(row.categories) as FlowCategory[],
    status: row.status as FlowStatus,
    flowJson: row.flow_json,
    validationErrors: JSON.parse(row.validation_errors) as FlowValidationError[],
    jsonVersion: row.json_version,
    dataApiVersion: row.data_api_version,
    endpointUri: row.endpoint_uri,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toRow(flow: Flow): FlowsTable {
  return {
    id: flow.id,
    business_id: flow.businessId,
    waba_id: flow.wabaId,
    name: flow.name,
    categories: JSON.stringify(flow.categories),
    status: flow.status,
    flow_json: flow.flowJson,
    validation_errors: JSON.stringify(flow.validationErrors),
    json_version: flow.jsonVersion,
    data_api_version: flow.dataApiVersion,
    endpoint_uri: flow.endpointUri,
    created_at: flow.createdAt,
    updated_at: flow.updatedAt,
  };
}

const savedWriter = unitWriter(flowSaved, async (trx, saved) => {
  // The last save of a Flow in a batch wins.
  const latest = new Map(saved.map((flow) => [flow.id, flow]));
  for (const part of chunks([...latest.values()])) {
    await trx
      .insertInto('flows')
      .values(part.map(toRow))
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet((update) => ({
          name: update.ref('excluded.name'),
          categories: update.ref('excluded.categories'),
          status: update.ref('excluded.status'),
          flow_json: update.ref('excluded.flow_json'),
          validation_errors: update.ref('excluded.validation_errors'),
          json_version: update.ref('excluded.json_version'),
          data_api_version: update.ref('excluded.data_api_version'),
          endpoint_uri: update.ref('excluded.endpoint_uri'),
          updated_at: update.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
});

const deletedWriter = unitWriter(flowDeleted, async (trx, deleted) => {
  for (const part of chunks(deleted)) {
    await trx
      .deleteFrom('flows')
      .where(
        'id',
        'in',
        part.map((entry) => entry.id),
      )
      .execute();
  }
});

/** The writers of the Flows' record kinds: saves before deletions, so a Flow saved and deleted in one batch ends deleted. */
export const flowWriters: readonly UnitWriter[] = [savedWriter, deletedWriter];

export class KyselyFlowRepository implements FlowRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async find(id: string): Promise<Flow | undefined> {
    const row = await this.#db.selectFrom('flows').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toFlow(row);
  }

  async listByWaba(wabaId: string): Promise<Flow[]> {
    const rows = await this.#db.selectFrom('flows').selectAll().where('waba_id', '=', wabaId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toFlow);
  }

  async findByName(wabaId: string, name: string): Promise<Flow | undefined> {
    const row = await this.#db.selectFrom('flows').selectAll().where('waba_id', '=', wabaId).where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : toFlow(row);
  }
}
