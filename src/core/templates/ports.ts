import { recordKind } from '../shared/index.js';
import type { ReactionCounts } from './domain/quality.policy.js';
import type { TemplateVersion } from './domain/template-history.js';
import type { MediaFormat, MessageTemplate, TemplateCategory, TemplateStatus } from './domain/template.model.js';

/** A template written whole (created, reviewed, edited, rated, flagged, deleted). */
export const templateSaved = recordKind<MessageTemplate>('templates.template');

/** An entry of a template's history (appended on create, edit and every status decision; never changed). */
export const templateVersionRecorded = recordKind<TemplateVersion>('templates.version');

/** A WABA's sample templates, written once: the writer adds them only with the WABA's first seed mark. */
export const samplesSeeded = recordKind<{ readonly wabaId: string; readonly templates: readonly MessageTemplate[]; readonly at: number }>('templates.samples');

export interface TemplateFilter {
  /** Templates whose name contains this text. */
  readonly name?: string;
  readonly status?: TemplateStatus;
  readonly category?: TemplateCategory;
  readonly language?: string;
  /** Newest first; `after` continues below this (createdAt, id). */
  readonly after?: { readonly createdAt: number; readonly id: string };
  readonly before?: { readonly createdAt: number; readonly id: string };
  readonly limit: number;
}

export interface TemplatesRepository {
  findById(id: string): Promise<MessageTemplate | undefined>;
  /** The live (not deleted) template of this name and language. */
  findByName(wabaId: string, name: string, language: string): Promise<MessageTemplate | undefined>;
  /** Every template of the WABA, deleted ones included, newest first. */
  listAll(wabaId: string): Promise<MessageTemplate[]>;
  /** Live templates matching the filter, newest first. */
  list(wabaId: string, filter: TemplateFilter): Promise<MessageTemplate[]>;
  isSeeded(wabaId: string): Promise<boolean>;
  /** A template's history, oldest first. */
  history(templateId: string): Promise<TemplateVersion[]>;
}

/**
 * Checks a media header's sample (`example.header_handle`): a handle of Kabar's Resumable Upload API
 * must name a finished upload of the business whose type fits the header; anything else (a URL, a
 * handle Kabar did not issue) is not Kabar's to judge. Answers why a sample is refused, or undefined.
 */
export interface HeaderSamples {
  refusal(handle: string, format: MediaFormat, businessId: string): Promise<string | undefined>;
}

/** Users' reactions to a template's messages within a time range (the feedback store answers). */
export interface ReactionSource {
  reactions(templateId: string, from: number, to: number): Promise<ReactionCounts>;
}

/** The simulated reviewer's delay; 0 reviews at once, in the create or edit request itself. */
export interface ReviewSettings {
  delayMs(): Promise<number>;
}
