import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { listenKabar, type RunningKabar } from '../support/running-kabar.js';
import { provisionTenant, type Tenant } from '../support/tenant.js';

interface GraphError {
  readonly error: { readonly code: number; readonly message: string; readonly error_subcode?: number; readonly error_data?: { readonly details: string } };
}
interface ComplianceList {
  readonly data: Record<string, unknown>[];
}

const complete = {
  messaging_product: 'whatsapp',
  entity_name: 'Lucky Shrub Private Limited',
  entity_type: 'PRIVATE_COMPANY',
  is_registered: true,
  grievance_officer_details: { name: 'Priya Sharma', email: 'grievance@luckyshrub.in', landline_number: '+91 22 2536 1000', mobile_number: '+919876543210' },
  customer_care_details: { email: 'care@luckyshrub.in', landline_number: '+912225361001', mobile_number: '9876543211' },
};

/** Meta's business compliance information for India (`/{phone-number-id}/business_compliance_info`) over HTTP. */
for (const dialect of dialects) {
  describe(`business compliance info on ${dialect}`, () => {
    let kabar: RunningKabar;
    let tenant: Tenant;

    beforeAll(async () => {
      kabar = await listenKabar(dialect);
      tenant = await provisionTenant(kabar.kabar.app, kabar.admin, { name: 'Toko Lain', phoneNumber: '+6281300000078' });
    });

    afterAll(() => kabar.close());

    async function graph<Body>(method: 'GET' | 'POST', phoneNumberId: string, body?: unknown, token = kabar.demo.accessToken): Promise<{ status: number; body: Body }> {
      const response = await fetch(`${kabar.baseUrl}/v24.0/${phoneNumberId}/business_compliance_info`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Body };
    }

    it('answers an empty list before anything is set, then sets the information and reads it back as sent', async () => {
      const before = await graph<ComplianceList>('GET', kabar.demo.phoneNumberId);
      expect(before).toStrictEqual({ status: 200, body: { data: [] } });

      const set = await graph<{ success: boolean }>('POST', kabar.demo.phoneNumberId, complete);
      expect(set).toStrictEqual({ status: 200, body: { success: true } });

      const after = await graph<ComplianceList>('GET', kabar.demo.phoneNumberId);
      expect(after.status).toBe(200);
      expect(after.body).toStrictEqual({ data: [complete] });
    });

    it('replaces the information whole on a second POST: OTHER with its other_entity_type, no landlines', async () => {
      const update = {
        messaging_product: 'whatsapp',
        entity_name: 'Lucky Shrub Trust',
        entity_type: 'OTHER',
        other_entity_type: 'Charitable trust',
        is_registered: false,
        grievance_officer_details: { name: 'Arjun Mehta', email: 'arjun@luckyshrub.in', mobile_number: '+91 98765 43212' },
        customer_care_details: { email: 'help@luckyshrub.in', mobile_number: '+919876543213' },
      };
      expect((await graph<{ success: boolean }>('POST', kabar.demo.phoneNumberId, update)).body).toStrictEqual({ success: true });
      expect((await graph<ComplianceList>('GET', kabar.demo.phoneNumberId)).body).toStrictEqual({ data: [update] });
      // Back to the complete information for the tests that follow.
      expect((await graph<{ success: boolean }>('POST', kabar.demo.phoneNumberId, complete)).status).toBe(200);
    });

    const refusals: readonly [string, Record<string, unknown>, string][] = [
      ['no messaging_product', { ...complete, messaging_product: undefined }, 'The parameter messaging_product is required.'],
      ['no entity_name', { ...complete, entity_name: undefined }, 'The parameter entity_name is required.'],
      ['an entity_name that is not text', { ...complete, entity_name: 42 }, 'Param entity_name must be a string.'],
      ['no entity_type', { ...complete, entity_type: undefined }, 'The parameter entity_type is required.'],
      ['an unknown entity_type', { ...complete, entity_type: 'TRUST' }, 'Param entity_type must be one of {LIMITED_LIABILITY_PARTNERSHIP, SOLE_PROPRIETORSHIP, PARTNERSHIP, PUBLIC_COMPANY, PRIVATE_COMPANY, OTHER}.'],
      ['OTHER without other_entity_type', { ...complete, entity_type: 'OTHER' }, 'The parameter other_entity_type is required.'],
      ['other_entity_type beside another type', { ...complete, other_entity_type: 'Trust' }, 'Param other_entity_type is only allowed when entity_type is OTHER.'],
      ['no is_registered', { ...complete, is_registered: undefined }, 'The parameter is_registered is required.'],
      ['an is_registered that is not a boolean', { ...complete, is_registered: 'yes' }, 'Param is_registered must be a boolean.'],
      ['no grievance_officer_details', { ...complete, grievance_officer_details: undefined }, 'The parameter grievance_officer_details is required.'],
      ['grievance_officer_details that are a list', { ...complete, grievance_officer_details: [] }, 'Param grievance_officer_details must be an object.'],
      ['a grievance officer without a name', { ...complete, grievance_officer_details: { ...complete.grievance_officer_details, name: ' ' } }, 'The parameter grievance_officer_details.name is required.'],
      ['a grievance officer email that is not an address', { ...complete, grievance_officer_details: { ...complete.grievance_officer_details, email: 'priya at luckyshrub' } }, 'Param grievance_officer_details.email must be a valid email address.'],
      ['a grievance officer mobile that is not a number', { ...complete, grievance_officer_details: { ...complete.grievance_officer_details, mobile_number: '+91 12345' } }, 'Param grievance_officer_details.mobile_number must be a valid phone number.'],
      ['a grievance officer landline that is not a number', { ...complete, grievance_officer_details: { ...complete.grievance_officer_details, landline_number: 'call us' } }, 'Param grievance_officer_details.landline_number must be a valid phone number.'],
      ['no customer_care_details', { ...complete, customer_care_details: undefined }, 'The parameter customer_care_details is required.'],
      ['customer care without an email', { ...complete, customer_care_details: { mobile_number: '+919876543211' } }, 'The parameter customer_care_details.email is required.'],
      ['customer care without a mobile number', { ...complete, customer_care_details: { email: 'care@luckyshrub.in' } }, 'The parameter customer_care_details.mobile_number is required.'],
      ['a customer care mobile that is not text', { ...complete, customer_care_details: { ...complete.customer_care_details, mobile_number: 919876543211 } }, 'Param customer_care_details.mobile_number must be a string.'],
    ];

    it.each(refusals)('refuses %s with code 100 naming the field, and keeps what was set', async (_case, body, details) => {
      const refused = await graph<GraphError>('POST', kabar.demo.phoneNumberId, JSON.parse(JSON.stringify(body)));
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 100, message: '(#100) Invalid parameter', error_data: { details } });
      expect((await graph<ComplianceList>('GET', kabar.demo.phoneNumberId)).body).toStrictEqual({ data: [complete] });
    });

    it("answers another business's token as for a node it cannot see, and keeps each business's information apart", async () => {
      for (const method of ['GET', 'POST'] as const) {
        const answer = await graph<GraphError>(method, kabar.demo.phoneNumberId, method === 'POST' ? { ...complete, entity_name: 'Someone else' } : undefined, tenant.token);
        expect(answer.status, method).toBe(400);
        expect(answer.body.error, method).toMatchObject({ code: 100, error_subcode: 33 });
      }
      expect((await graph<ComplianceList>('GET', kabar.demo.phoneNumberId)).body).toStrictEqual({ data: [complete] });

      expect((await graph<ComplianceList>('GET', tenant.phoneNumberId, undefined, tenant.token)).body).toStrictEqual({ data: [] });
      const own = { ...complete, entity_name: 'Toko Lain LLP', entity_type: 'LIMITED_LIABILITY_PARTNERSHIP' };
      expect((await graph<{ success: boolean }>('POST', tenant.phoneNumberId, own, tenant.token)).body).toStrictEqual({ success: true });
      expect((await graph<ComplianceList>('GET', tenant.phoneNumberId, undefined, tenant.token)).body).toStrictEqual({ data: [own] });
      expect((await graph<ComplianceList>('GET', kabar.demo.phoneNumberId)).body).toStrictEqual({ data: [complete] });
    });
  });
}
