import type { FastifyInstance } from 'fastify';

/** A second business, provisioned over the admin API: its WABA, one number, one app and its token. */
export interface Tenant {
  readonly businessId: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly appId: string;
  readonly token: string;
}

/**
 * Provisions a tenant beside the demo business. With a `callbackUrl` the app is subscribed to the
 * WABA at that callback (an app callback: no handshake, as on Meta's App Dashboard).
 */
export async function provisionTenant(
  app: FastifyInstance,
  admin: { readonly authorization: string },
  tenant: { readonly name: string; readonly phoneNumber: string; readonly callbackUrl?: string },
): Promise<Tenant> {
  const post = async <Body>(url: string, payload: Record<string, unknown>, headers: Record<string, string> = admin): Promise<Body> => {
    const response = await app.inject({ method: 'POST', url, headers, payload });
    if (response.statusCode >= 300) throw new Error(`POST ${url} answered ${response.statusCode}: ${response.body}`);
    return response.json<Body>();
  };
  const business = await post<{ id: string }>('/admin/businesses', { name: tenant.name });
  const waba = await post<{ id: string }>(`/admin/businesses/${business.id}/wabas`, { name: `${tenant.name} WABA` });
  const number = await post<{ id: string }>(`/admin/wabas/${waba.id}/phone_numbers`, { phone_number: tenant.phoneNumber, verified_name: tenant.name });
  const created = await post<{ id: string }>(`/admin/businesses/${business.id}/apps`, { name: `${tenant.name} App`, ...(tenant.callbackUrl === undefined ? {} : { callback_url: tenant.callbackUrl }) });
  const token = await post<{ access_token: string }>(`/admin/apps/${created.id}/tokens`, {});
  if (tenant.callbackUrl !== undefined) await post(`/v21.0/${waba.id}/subscribed_apps`, {}, { authorization: `Bearer ${token.access_token}` });
  return { businessId: business.id, wabaId: waba.id, phoneNumberId: number.id, appId: created.id, token: token.access_token };
}
