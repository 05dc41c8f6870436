import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { IsEmail } from 'typebox/format';
import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';

/**
 * The business compliance information an Indian business shows its customers (Meta's "Business
 * Compliance for India", `/{phone-number-id}/business_compliance_info`): the legal entity, its
 * grievance officer and its customer care.
 */
export const entityTypes = ['LIMITED_LIABILITY_PARTNERSHIP', 'SOLE_PROPRIETORSHIP', 'PARTNERSHIP', 'PUBLIC_COMPANY', 'PRIVATE_COMPANY', 'OTHER'] as const;
export type EntityType = (typeof entityTypes)[number];

export interface CustomerCareDetails {
  readonly email: string;
  readonly landlineNumber?: string;
  readonly mobileNumber: string;
}

export interface GrievanceOfficerDetails extends CustomerCareDetails {
  readonly name: string;
}

export interface ComplianceDetails {
  readonly entityName: string;
  readonly entityType: EntityType;
  /** Set exactly when the entity type is OTHER. */
  readonly otherEntityType?: string;
  readonly isRegistered: boolean;
  readonly grievanceOfficer: GrievanceOfficerDetails;
  readonly customerCare: CustomerCareDetails;
}

export interface ComplianceInfo extends ComplianceDetails {
  readonly phoneNumberId: string;
  readonly businessId: string;
  readonly updatedAt: number;
}

const maxText = 512;

const invalid = (details: string): DomainError => domainError('FIELD_VALUE_INVALID', details);

type Fields = Readonly<Record<string, unknown>>;

function text(fields: Fields, name: string, path: string, required: boolean): Result<string | undefined, DomainError> {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return required ? fail(invalid(`The parameter ${path} is required.`)) : ok(undefined);
  if (typeof value !== 'string') return fail(invalid(`Param ${path} must be a string.`));
  const trimmed = value.trim();
  if (trimmed === '') return required ? fail(invalid(`The parameter ${path} is required.`)) : ok(undefined);
  if (trimmed.length > maxText) return fail(invalid(`Param ${path} must be at most ${maxText} characters long.`));
  return ok(trimmed);
}

function email(fields: Fields, path: string): Result<string, DomainError> {
  const value = text(fields, 'email', `${path}.email`, true);
  if (!value.ok) return value;
  const address = value.value ?? '';
  return IsEmail(address) ? ok(address) : fail(invalid(`Param ${path}.email must be a valid email address.`));
}

/** A phone number with its country code, or an Indian number without one; libphonenumber-js decides whether it is valid. */
function phone(fields: Fields, name: 'landline_number' | 'mobile_number', path: string, required: boolean): Result<string | undefined, DomainError> {
  const value = text(fields, name, `${path}.${name}`, required);
  if (!value.ok || value.value === undefined) return value;
  const parsed = parsePhoneNumberFromString(value.value, 'IN');
  return parsed?.isValid() === true ? ok(value.value) : fail(invalid(`Param ${path}.${name} must be a valid phone number.`));
}

/** A nested object arrives as JSON in a JSON body, or as a JSON string in a form body. */
function objectOf(value: unknown, path: string): Result<Fields, DomainError> {
  if (value === undefined || value === null || value === '') return fail(invalid(`The parameter ${path} is required.`));
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return fail(invalid(`Param ${path} must be an object.`));
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return fail(invalid(`Param ${path} must be an object.`));
  return ok(parsed as Fields);
}

function booleanOf(value: unknown, path: string): Result<boolean, DomainError> {
  if (value === undefined || value === null || value === '') return fail(invalid(`The parameter ${path} is required.`));
  if (value === true || value === 'true') return ok(true);
  if (value === false || value === 'false') return ok(false);
  return fail(invalid(`Param ${path} must be a boolean.`));
}

/** The e-mail, landline and mobile that both the grievance officer and customer care give. */
function contactOf(fields: Fields, path: string): Result<CustomerCareDetails, DomainError> {
  const address = email(fields, path);
  if (!address.ok) return address;
  const landline = phone(fields, 'landline_number', path, false);
  if (!landline.ok) return landline;
  const mobile = phone(fields, 'mobile_number', path, true);
  if (!mobile.ok) return mobile;
  return ok({ email: address.value, ...(landline.value === undefined ? {} : { landlineNumber: landline.value }), mobileNumber: mobile.value ?? '' });
}

function grievanceOfficerOf(value: unknown): Result<GrievanceOfficerDetails, DomainError> {
  const path = 'grievance_officer_details';
  const fields = objectOf(value, path);
  if (!fields.ok) return fields;
  const name = text(fields.value, 'name', `${path}.name`, true);
  if (!name.ok) return name;
  const contact = contactOf(fields.value, path);
  if (!contact.ok) return contact;
  return ok({ name: name.value ?? '', ...contact.value });
}

function customerCareOf(value: unknown): Result<CustomerCareDetails, DomainError> {
  const path = 'customer_care_details';
  const fields = objectOf(value, path);
  return fields.ok ? contactOf(fields.value, path) : fields;
}

/**
 * Reads the body of `POST /{phone-number-id}/business_compliance_info`; every refusal is a code 100
 * naming the field. `other_entity_type` is required when `entity_type` is OTHER and refused otherwise.
 */
export function complianceDetailsOf(fields: Fields): Result<ComplianceDetails, DomainError> {
  const product = fields['messaging_product'];
  if (product !== 'whatsapp') {
    return fail(invalid(product === undefined ? 'The parameter messaging_product is required.' : 'Param messaging_product must be "whatsapp".'));
  }
  const entityName = text(fields, 'entity_name', 'entity_name', true);
  if (!entityName.ok) return entityName;
  const rawType = fields['entity_type'];
  if (rawType === undefined || rawType === null || rawType === '') return fail(invalid('The parameter entity_type is required.'));
  const entityType = entityTypes.find((type) => type === rawType);
  if (entityType === undefined) return fail(invalid(`Param entity_type must be one of {${entityTypes.join(', ')}}.`));
  const other = text(fields, 'other_entity_type', 'other_entity_type', entityType === 'OTHER');
  if (!other.ok) return other;
  if (entityType !== 'OTHER' && other.value !== undefined) return fail(invalid('Param other_entity_type is only allowed when entity_type is OTHER.'));
  const isRegistered = booleanOf(fields['is_registered'], 'is_registered');
  if (!isRegistered.ok) return isRegistered;
  const grievanceOfficer = grievanceOfficerOf(fields['grievance_officer_details']);
  if (!grievanceOfficer.ok) return grievanceOfficer;
  const customerCare = customerCareOf(fields['customer_care_details']);
  if (!customerCare.ok) return customerCare;
  return ok({
    entityName: entityName.value ?? '',
    entityType,
    ...(other.value === undefined ? {} : { otherEntityType: other.value }),
    isRegistered: isRegistered.value,
    grievanceOfficer: grievanceOfficer.value,
    customerCare: customerCare.value,
  });
}
