import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestKabar } from './kabar.js';

export interface SignedIn {
  readonly cookie: string;
  readonly csrf: string;
  /** A request with the session cookie (and the CSRF token on writes). */
  request(options: InjectOptions & { readonly method: 'GET' | 'POST' | 'DELETE' }): Promise<LightMyRequestResponse>;
}

export const testPassword = 'correct horse battery';

/** Creates a console user through the operator's API. */
export async function createUser(t: TestKabar, input: { readonly businessId: string; readonly email: string; readonly role: 'owner' | 'admin' | 'agent' }): Promise<string> {
  const response = await t.kabar.app.inject({ method: 'POST', url: '/admin/users', headers: t.admin, payload: { business_id: input.businessId, email: input.email, name: input.email, role: input.role, password: testPassword } });
  if (response.statusCode !== 201) throw new Error(`user not created: ${response.body}`);
  return (response.json() as { id: string }).id;
}

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const value = Array.isArray(header) ? header[0] : header;
  const cookie = /kabar_session=[^;]*/.exec(value ?? '')?.[0];
  if (cookie === undefined) throw new Error(`no session cookie in ${String(value)}`);
  return cookie;
}

export async function signIn(t: TestKabar, email: string, password = testPassword): Promise<SignedIn> {
  const response = await t.kabar.app.inject({ method: 'POST', url: '/admin/session', payload: { email, password } });
  if (response.statusCode !== 201) throw new Error(`sign-in refused: ${response.body}`);
  return asSignedIn(t, response);
}

export function asSignedIn(t: TestKabar, response: LightMyRequestResponse): SignedIn {
  const cookie = sessionCookieOf(response);
  const csrf = (response.json() as { csrf_token: string }).csrf_token;
  return {
    cookie,
    csrf,
    request: (options) =>
      t.kabar.app.inject({ ...options, headers: { ...options.headers, cookie, ...(options.method === 'GET' ? {} : { 'x-csrf-token': csrf }) } }),
  };
}

/** A second business with its own WABA and number, provisioned by the operator. */
export async function secondBusiness(t: TestKabar): Promise<{ readonly businessId: string; readonly phoneNumberId: string }> {
  const business = await t.kabar.app.inject({ method: 'POST', url: '/admin/businesses', headers: t.admin, payload: { name: 'Toko Lain' } });
  const businessId = (business.json() as { id: string }).id;
  const waba = await t.kabar.app.inject({ method: 'POST', url: `/admin/businesses/${businessId}/wabas`, headers: t.admin, payload: { name: 'Toko Lain WABA' } });
  const wabaId = (waba.json() as { id: string }).id;
  const number = await t.kabar.app.inject({ method: 'POST', url: `/admin/wabas/${wabaId}/phone_numbers`, headers: t.admin, payload: { phone_number: '+6281100000001', verified_name: 'Toko Lain' } });
  return { businessId, phoneNumberId: (number.json() as { id: string }).id };
}
