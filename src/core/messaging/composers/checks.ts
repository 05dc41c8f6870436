/**
 * How composers word what is wrong with a send, as Meta does: a missing parameter is 131008 naming
 * it the Graph way (`interactive['body']`), a length or count out of bounds is 131009 with Meta's
 * "… length invalid. Min length: 1, Max length: 20", and a malformed value is 100.
 */
import { domainError, type DomainError } from '../../shared/index.js';

export { isWebUrl } from '../../shared/index.js';

export function missing(parameter: string): DomainError {
  return domainError('PARAMETER_MISSING', `The parameter ${parameter} is required.`);
}

export function invalid(details: string): DomainError {
  return domainError('PARAMETER_INVALID', details);
}

export function malformed(details: string): DomainError {
  return domainError('PARAMETER_MALFORMED', `(#100) ${details}`);
}

/** Characters as people count them: an emoji is one, not two UTF-16 units. */
export function characters(text: string): number {
  return Array.from(text).length;
}

/** Meta's wording for a text outside its bounds, e.g. "Button title length invalid. Min length: 1, Max length: 20". */
export function lengthProblem(label: string, text: string, max: number, min = 1): DomainError | undefined {
  const length = characters(text);
  return length < min || length > max ? invalid(`${label} length invalid. Min length: ${min}, Max length: ${max}`) : undefined;
}

/** The first problem found, checks run in order (each may depend on the ones before passing). */
export function firstProblem(...checks: readonly (() => DomainError | undefined)[]): DomainError | undefined {
  for (const check of checks) {
    const problem = check();
    if (problem !== undefined) return problem;
  }
  return undefined;
}
