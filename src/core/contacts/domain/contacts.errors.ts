import { domainError, type DomainError } from '../../shared/index.js';

export function contactNotFound(id: string): DomainError {
  return domainError('NODE_NOT_FOUND', `No contact with id '${id}' in this business.`);
}

export function businessNotFound(id: string): DomainError {
  return domainError('NODE_NOT_FOUND', `No business with id '${id}'.`);
}

const problems = {
  missing: 'no phone number was given',
  not_a_number: 'it holds characters that are not part of a phone number',
  invalid: 'it is not a valid phone number (national numbers are read in the business\'s default country; set one with default_country)',
} as const;

export function numberProblemText(input: string, problem: keyof typeof problems): string {
  return `'${input}' cannot be used: ${problems[problem]}.`;
}
