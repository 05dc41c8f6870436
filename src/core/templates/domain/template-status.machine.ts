/**
 * Template status transitions, `from × event → to`. Named operations (review, flag, pause, disable,
 * edit, delete) go through this table; an event a status does not take is a typed error.
 */
import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import type { TemplateStatus } from './template.model.js';

export type TemplateEvent = 'approve' | 'reject' | 'flag' | 'unflag' | 'pause' | 'unpause' | 'disable' | 'edit' | 'delete';

const transitions: Readonly<Record<TemplateStatus, Partial<Record<TemplateEvent, TemplateStatus>>>> = {
  PENDING: { approve: 'APPROVED', reject: 'REJECTED', delete: 'DELETED' },
  APPROVED: { reject: 'REJECTED', flag: 'FLAGGED', pause: 'PAUSED', disable: 'DISABLED', edit: 'PENDING', delete: 'DELETED' },
  REJECTED: { approve: 'APPROVED', edit: 'PENDING', delete: 'DELETED' },
  FLAGGED: { unflag: 'APPROVED', disable: 'DISABLED', delete: 'DELETED' },
  PAUSED: { unpause: 'APPROVED', disable: 'DISABLED', edit: 'PENDING', delete: 'DELETED' },
  DISABLED: {},
  DELETED: {},
};

export function applyTemplateEvent(from: TemplateStatus, event: TemplateEvent): Result<TemplateStatus, DomainError> {
  const to = transitions[from][event];
  if (to !== undefined) return ok(to);
  if (event === 'edit') {
    return fail(domainError('TEMPLATE_EDIT_REFUSED', `A ${from} template cannot be edited: only APPROVED, REJECTED and PAUSED templates can.`));
  }
  return fail(domainError('TEMPLATE_INVALID', `A ${from} template cannot be ${event === 'delete' ? 'deleted' : `moved by '${event}'`}.`));
}

export function canTake(from: TemplateStatus, event: TemplateEvent): boolean {
  return transitions[from][event] !== undefined;
}
