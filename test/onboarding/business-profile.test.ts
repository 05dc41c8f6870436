import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { jpegBytes } from '../support/media-files.js';
import { listenKabar, type RunningKabar } from '../support/running-kabar.js';
import { uploadHandle } from '../support/uploads.js';

interface ProfileAnswer {
  readonly data: readonly Record<string, unknown>[];
}

/**
 * The business profile over real HTTP, as Graph clients call it. whatsapp-api-js (the client the
 * suite drives elsewhere) has no business-profile call, so plain requests stand in for it here.
 */
for (const dialect of dialects) {
  describe(`the business profile on ${dialect}`, () => {
    let kabar: RunningKabar;
    let token = '';
    let phoneNumberId = '';
    const digits = '6281100006001';

    const profile = async (query = ''): Promise<Response> => fetch(`${kabar.baseUrl}/v21.0/${phoneNumberId}/whatsapp_business_profile${query}`, { headers: { authorization: `Bearer ${token}` } });
    const update = async (body: Record<string, unknown>): Promise<Response> =>
      fetch(`${kabar.baseUrl}/v21.0/${phoneNumberId}/whatsapp_business_profile`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', ...body }),
      });
    const current = async (): Promise<Record<string, unknown>> => ((await (await profile()).json()) as ProfileAnswer).data[0] ?? {};

    beforeAll(async () => {
      kabar = await listenKabar(dialect);
      const signup = (await kabar.operator('POST', '/admin/signups', { mode: 'express', business_name: 'Toko Maju' })) as { waba_id: string; access_token: string };
      token = signup.access_token;
      phoneNumberId = ((await kabar.operator('POST', `/admin/wabas/${signup.waba_id}/phone_numbers`, { phone_number: `+${digits}`, verified_name: 'Toko Maju' })) as { id: string }).id;
    });

    afterAll(async () => {
      await kabar.close();
      await kabar.database.cleanup();
    });

    it('starts empty and changes only the fields an update gives, from JSON or form fields', async () => {
      expect(await (await profile()).json()).toEqual({ data: [{ about: '', address: '', description: '', email: '', websites: [], messaging_product: 'whatsapp' }] });
      expect(await (await update({ about: 'Elektronik murah di Bandung', websites: ['https://tokomaju.example'] })).json()).toEqual({ success: true });
      expect(await (await update({ address: 'Jl. Braga No. 1, Bandung' })).json()).toEqual({ success: true });
      const form = await fetch(`${kabar.baseUrl}/v21.0/${phoneNumberId}/whatsapp_business_profile`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'messaging_product=whatsapp&vertical=RETAIL&email=halo%40tokomaju.example',
      });
      expect(await form.json()).toEqual({ success: true });
      const picture = jpegBytes(4_096, 7);
      const handle = await uploadHandle(kabar.baseUrl, token, picture, 'image/jpeg', 'logo.jpg');
      expect(await (await update({ profile_picture_handle: handle })).json()).toEqual({ success: true });
      expect(await current()).toEqual({
        about: 'Elektronik murah di Bandung',
        address: 'Jl. Braga No. 1, Bandung',
        description: '',
        email: 'halo@tokomaju.example',
        websites: ['https://tokomaju.example'],
        vertical: 'RETAIL',
        profile_picture_url: expect.stringMatching(new RegExp(`^${kabar.baseUrl}/whatsapp_business/profile_pictures/`)) as unknown,
        messaging_product: 'whatsapp',
      });
      // The picture is served from Kabar's origin, byte for byte, without a token, as Meta's CDN serves it.
      const served = await fetch(String((await current())['profile_picture_url']));
      expect(served.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await served.arrayBuffer()).equals(picture)).toBe(true);
      // Clearing: an empty list of websites and an empty vertical.
      expect(await (await update({ websites: [], vertical: '' })).json()).toEqual({ success: true });
      expect(await current()).toMatchObject({ websites: [] });
      expect((await current())['vertical']).toBeUndefined();
    });

    it('answers ?fields= with exactly the fields asked, and 100 for a field the profile does not have', async () => {
      expect(await (await profile('?fields=about,address')).json()).toEqual({ data: [{ about: 'Elektronik murah di Bandung', address: 'Jl. Braga No. 1, Bandung', messaging_product: 'whatsapp' }] });
      const unknown = await profile('?fields=about,colour');
      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as { error: { code: number; message: string } }).error).toMatchObject({ code: 100, message: expect.stringContaining('(colour)') as unknown });
    });

    it('refuses every field one past Meta\'s limit with code 100 and changes nothing, and accepts it at the limit', async () => {
      const before = await current();
      const tooLong: [string, Record<string, unknown>][] = [
        ['about', { about: 'a'.repeat(140) }],
        ['about', { about: '' }],
        ['address', { address: 'a'.repeat(257) }],
        ['description', { description: 'd'.repeat(513) }],
        ['email', { email: `${'e'.repeat(117)}@example.com` }],
        ['email', { email: 'halo-at-tokomaju' }],
        ['websites', { websites: ['https://a.example', 'https://b.example', 'https://c.example'] }],
        ['websites', { websites: ['tokomaju.example'] }],
        ['websites', { websites: [`https://${'w'.repeat(249)}`] }],
        ['vertical', { vertical: 'SPACESHIPS' }],
        ['profile_picture_handle', { profile_picture_handle: 'not a handle' }],
        ['messaging_product', { messaging_product: 'sms' }],
      ];
      for (const [field, body] of tooLong) {
        const response = await update(body);
        expect(response.status, field).toBe(400);
        expect(((await response.json()) as { error: { code: number; error_data: { details: string } } }).error, field).toMatchObject({ code: 100, error_data: { details: expect.stringContaining(field) as unknown } });
      }
      expect(await current()).toEqual(before);
      const atLimit = { about: 'a'.repeat(139), address: 'a'.repeat(256), description: 'd'.repeat(512), email: `${'e'.repeat(116)}@example.com`, websites: ['http://a.example', `https://${'w'.repeat(248)}`] };
      expect(await (await update(atLimit)).json()).toEqual({ success: true });
      expect(await current()).toMatchObject(atLimit);
    });

    it('shows the profile to a simulated customer, under the approved display name', async () => {
      await fetch(`${kabar.baseUrl}/v21.0/${phoneNumberId}/whatsapp_business_profile`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', about: 'Buka setiap hari' }),
      });
      expect(await kabar.operator('GET', `/sim/business-profiles/+${digits}`)).toMatchObject({ name: 'Toko Maju', display_phone_number: '+62 811 0000 6001', official_business_account: false, about: 'Buka setiap hari' });
    });

    it('answers 100/33 to another business\'s token, as for a number that does not exist', async () => {
      const other = (await kabar.operator('POST', '/admin/signups', { mode: 'express', business_name: 'Lain' })) as { access_token: string };
      const response = await fetch(`${kabar.baseUrl}/v21.0/${phoneNumberId}/whatsapp_business_profile`, { headers: { authorization: `Bearer ${other.access_token}` } });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: number; error_subcode: number } }).error).toMatchObject({ code: 100, error_subcode: 33 });
    });
  });
}
