import { recordKind } from '../shared/index.js';
import type { Flow } from './domain/flow.model.js';

/** What a unit of work holds for Flows: one saved (created or changed), one deleted. */
export const flowSaved = recordKind<Flow>('flows.saved');
export const flowDeleted = recordKind<{ readonly id: string }>('flows.deleted');

export interface FlowRepository {
  find(id: string): Promise<Flow | undefined>;
  /** A WABA's Flows, newest first. */
  listByWaba(wabaId: string): Promise<Flow[]>;
  findByName(wabaId: string, name: string): Promise<Flow | undefined>;
}
