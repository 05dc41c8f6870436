import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabar, type TestKabar } from '../support/kabar.js';

interface GraphError {
  readonly error: { readonly code: number; readonly error_data?: { readonly details?: string } };
}

/** What the console changes beyond the provisioning API: a number's business profile and an edit of a template. */
for (const dialect of dialects) {
  describe(`the console's edits on ${dialect}`, () => {
    let t: TestKabar;

    const admin = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
      t.kabar.app.inject({ method, url, headers: t.admin, ...(payload === undefined ? {} : { payload }) });

    beforeAll(async () => {
      t = await startKabar(dialect);
    });

    afterAll(async () => {
      await t.close();
      await t.database.cleanup();
    });

    it('reads and changes the business profile with Graph’s checks, and a customer’s phone shows the change', async () => {
      const path = `/admin/phone_numbers/${t.demo.phoneNumberId}/profile`;
      expect((await admin('GET', path)).json()).toEqual({ about: '', address: '', description: '', email: '', websites: [] });
      const saved = await admin('POST', path, { about: 'Kopi pilihan', address: 'Jl. Braga 1, Bandung', websites: ['https://tokomaju.example'], vertical: 'RETAIL' });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject({ about: 'Kopi pilihan', address: 'Jl. Braga 1, Bandung', websites: ['https://tokomaju.example'], vertical: 'RETAIL' });
      expect((await admin('GET', `/sim/business-profiles/${t.demo.phoneNumberId}`)).json()).toMatchObject({ about: 'Kopi pilihan' });

      const badEmail = await admin('POST', path, { email: 'not an address' });
      expect(badEmail.statusCode).toBe(400);
      expect(badEmail.json<GraphError>().error.code).toBe(100);
      const unknownField = await admin('POST', path, { colour: 'green' });
      expect(unknownField.statusCode).toBe(400);
      expect(unknownField.json<GraphError>().error).toBeDefined();
      expect((await admin('GET', path)).json()).toMatchObject({ about: 'Kopi pilihan', email: '' });
      expect((await admin('GET', '/admin/phone_numbers/999999/profile')).json<GraphError>().error.code).toBe(100);
    });

    it('edits an approved template back into review, records the edit, and refuses an edit while it is pending', async () => {
      const created = await admin('POST', `/admin/wabas/${t.demo.wabaId}/templates`, {
        name: 'info_pengiriman',
        language: 'id',
        category: 'UTILITY',
        components: [{ type: 'BODY', text: 'Halo {{1}}, pesanan Anda sedang dikirim dan tiba besok. Terima kasih sudah berbelanja.', example: { body_text: [['Siti']] } }],
      });
      expect(created.statusCode).toBe(201);
      const id = created.json<{ id: string }>().id;
      await t.advance('1h');
      expect((await admin('GET', `/admin/templates/${id}`)).json()).toMatchObject({ status: 'APPROVED', edits: [] });

      const body = 'Halo {{1}}, pesanan Anda sudah dikirim dan tiba besok pagi. Terima kasih sudah berbelanja.';
      const edited = await admin('POST', `/admin/templates/${id}`, { components: [{ type: 'BODY', text: body, example: { body_text: [['Siti']] } }] });
      expect(edited.statusCode).toBe(200);
      expect(edited.json()).toMatchObject({ id, status: 'PENDING', components: [{ type: 'BODY', text: body }] });
      expect(edited.json<{ edits: string[] }>().edits).toHaveLength(1);

      const again = await admin('POST', `/admin/templates/${id}`, { components: [{ type: 'BODY', text: `${body} Salam.`, example: { body_text: [['Siti']] } }] });
      expect(again.statusCode).toBe(400);
      expect(again.json<GraphError>().error.code).toBeGreaterThan(0);
      await t.advance('1h');
      expect((await admin('GET', `/admin/templates/${id}`)).json()).toMatchObject({ status: 'APPROVED' });
      expect((await admin('POST', '/admin/templates/999999', { category: 'UTILITY' })).json<GraphError>().error.code).toBe(100);
    });
  });
}
