import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startKabar, type TestKabar } from '../support/kabar.js';

interface ImportBody {
  id: string;
  status: string;
  rows_read: number;
  created: number;
  merged: number;
  unchanged: number;
  failed: number;
  encoding: string;
  delimiter: string;
  error: string | null;
}

interface RowError {
  row: number;
  code: string;
  message: string;
  input: string;
}

/** A multipart body: option fields first, then the file, as the import route reads them. */
function multipart(fields: Readonly<Record<string, string>>, file: Buffer, fileName = 'contacts.csv'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----kabar${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const total = 100_000;
const national = (index: number): string => `0812${String(10_000_000 + index)}`;
const waIdOf = (index: number): string => `62812${String(10_000_000 + index)}`;
/** Rows whose number is already a contact before the import. */
const preexisting = (index: number): boolean => index % 2_000 === 7;

/** The file, and what the import must report for it: every error row with its code. */
function sprinkledFile(): { csv: string; expected: Map<number, string> } {
  const expected = new Map<number, string>();
  const lines = ['phone,name,tags,city'];
  for (let row = 1; row <= total; row += 1) {
    let phone: string;
    const forms = [`+62 812-${String(10_000_000 + row).slice(0, 4)}-${String(10_000_000 + row).slice(4)}`, national(row), waIdOf(row)];
    if (row % 997 === 0) {
      phone = 'n/a';
      expected.set(row, 'invalid_number');
    } else if (row % 1_009 === 0) {
      phone = '';
      expected.set(row, 'missing_number');
    } else if (row % 1_013 === 0 && !expected.has(row - 5) && !preexisting(row - 5)) {
      phone = national(row - 5);
      expected.set(row, 'duplicate_in_file');
    } else if (row % 4_999 === 0) {
      phone = '+62 12';
      expected.set(row, 'invalid_number');
    } else {
      phone = forms[row % 3] ?? '';
      if (preexisting(row)) expected.set(row, 'duplicate_existing');
    }
    lines.push(`${phone},"Customer ${row}",${row % 10 === 0 ? '"vip;jakarta"' : 'regular'},Jakarta`);
  }
  return { csv: `${lines.join('\n')}\n`, expected };
}

for (const dialect of dialects) {
  describe(`contact imports on ${dialect}`, () => {
    let t: TestKabar;
    let business: string;

    const admin = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => t.kabar.app.inject({ method, url, headers: t.admin, ...(payload === undefined ? {} : { payload }) });
    const upload = async (fields: Record<string, string>, file: Buffer, url = `/admin/businesses/${business}/contacts/imports`) => {
      const body = multipart(fields, file);
      return t.kabar.app.inject({ method: 'POST', url, headers: { ...t.admin, ...body.headers }, payload: body.payload });
    };
    const allErrors = async (importId: string): Promise<RowError[]> => {
      const found: RowError[] = [];
      let after = 0;
      for (;;) {
        const page = (await admin('GET', `/admin/businesses/${business}/contacts/imports/${importId}/errors?after_row=${after}&limit=5000`)).json<{ data: RowError[]; paging: { after_row: number | null } }>();
        found.push(...page.data);
        if (page.paging.after_row === null) return found;
        after = page.paging.after_row;
      }
    };
    const contactCount = async (): Promise<number> => (await admin('GET', `/admin/businesses/${business}/contacts/export.csv`)).body.trim().split('\n').length - 1;

    beforeAll(async () => {
      t = await startKabar(dialect);
      business = (await admin('POST', '/admin/businesses', { name: 'Toko Kabar' })).json<{ id: string }>().id;
      await admin('POST', `/admin/businesses/${business}/contacts/settings`, { default_country: 'ID' });
    });

    afterAll(async () => {
      await t.close();
      await t.database.cleanup();
    });

    it('imports 100,000 rows, reporting every bad row with its reason, and a re-run changes nothing', { timeout: 180_000 }, async () => {
      for (let row = 1; row <= total; row += 1) if (preexisting(row)) await admin('POST', `/admin/businesses/${business}/contacts`, { phone: waIdOf(row), name: `Known ${row}` });
      const known = await contactCount();
      const { csv, expected } = sprinkledFile();
      const response = await upload({}, Buffer.from(csv));
      expect(response.statusCode).toBe(200);
      const job = response.json<ImportBody>();
      expect(job).toMatchObject({ status: 'completed', rows_read: total, failed: expected.size, created: total - expected.size, merged: 0, unchanged: 0, delimiter: ',', encoding: 'utf-8' });
      const errors = await allErrors(job.id);
      expect(errors.map((error) => [error.row, error.code])).toEqual([...expected.entries()].sort((left, right) => left[0] - right[0]));
      const duplicate = errors.find((error) => error.code === 'duplicate_in_file');
      expect(duplicate?.message).toBe(`The same number as row ${(duplicate?.row ?? 0) - 5} (${waIdOf((duplicate?.row ?? 0) - 5)}).`);
      expect(await contactCount()).toBe(known + total - expected.size);
      const vip = (await admin('GET', `/admin/businesses/${business}/contacts?tag=vip&limit=500`)).json<{ data: { tags: string[]; attributes: Record<string, string> }[] }>().data[0];
      expect(vip).toMatchObject({ tags: ['jakarta', 'vip'], attributes: { city: 'Jakarta' } });

      const again = (await upload({}, Buffer.from(csv))).json<ImportBody>();
      expect(again).toMatchObject({ status: 'completed', rows_read: total, created: 0, failed: total });
      const merged = (await upload({ on_existing: 'merge' }, Buffer.from(csv))).json<ImportBody>();
      const invalid = [...expected.values()].filter((code) => code !== 'duplicate_existing').length;
      expect(merged).toMatchObject({ created: 0, failed: invalid, merged: expected.size - invalid, unchanged: total - expected.size });
      expect(await contactCount()).toBe(known + total - expected.size);
    });

    it("detects a Windows-1252 file's encoding and its semicolons, and reads 0812…, +62 812-… and 62812… as one contact", async () => {
      const csv = 'Nomor HP;Nama;Kota\n0812-5555-0001;José Müller;Bandung\n+62 812-5555-0001;José again;Bandung\n6281255550001;Third;Bandung\n0812 5555 0002;Zoë Ñúñez;Depok\n';
      const job = (await upload({}, iconv.encode(csv, 'win1252'))).json<ImportBody>();
      expect(job).toMatchObject({ status: 'completed', delimiter: ';', created: 2, failed: 2 });
      expect(job.encoding).toMatch(/^(windows-1252|iso-8859-1)$/);
      const errors = await allErrors(job.id);
      expect(errors.map((error) => [error.row, error.code, error.message])).toEqual([
        [2, 'duplicate_in_file', 'The same number as row 1 (6281255550001).'],
        [3, 'duplicate_in_file', 'The same number as row 1 (6281255550001).'],
      ]);
      const found = (await admin('GET', `/admin/businesses/${business}/contacts?number=0812 5555 000`)).json<{ data: { name: string; attributes: Record<string, string> }[] }>().data;
      expect(found.map((contact) => contact.name)).toEqual(['José Müller', 'Zoë Ñúñez']);
      expect(found[0]?.attributes).toEqual({ Kota: 'Bandung' });
    });

    it('reads UTF-16 with a BOM and tabs, with the columns mapped by name', async () => {
      const csv = '\ufeffWhatsApp\tFull\tSegment\tVIP level\n+6281366660001\tBudi Santoso\tnew|promo\tgold\n';
      const body = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv.slice(1), 'utf-16le')]);
      const job = (await upload({ mapping: JSON.stringify({ phone: 'WhatsApp', name: 'Full', tags: 'Segment', attributes: { level: 'VIP level' } }), tags: 'imported' }, body)).json<ImportBody>();
      expect(job).toMatchObject({ status: 'completed', delimiter: '\t', created: 1 });
      const contact = (await admin('GET', `/admin/businesses/${business}/contacts?name=budi`)).json<{ data: { tags: string[]; attributes: Record<string, string> }[] }>().data[0];
      expect(contact).toMatchObject({ tags: ['imported', 'new', 'promo'], attributes: { level: 'gold' } });
    });

    it('shows a job waiting for its file, then its counts, and offers the bad rows as a CSV to fix', async () => {
      const created = await admin('POST', `/admin/businesses/${business}/contacts/imports`, { on_existing: 'skip' });
      expect(created.statusCode).toBe(201);
      const job = created.json<ImportBody>();
      expect(job.status).toBe('waiting_for_file');
      const done = await upload({}, Buffer.from('phone,name\n081277770001,Ana\nnot a number,Bad\n'), `/admin/businesses/${business}/contacts/imports/${job.id}/file`);
      expect(done.json<ImportBody>()).toMatchObject({ id: job.id, status: 'completed', rows_read: 2, created: 1, failed: 1 });
      expect((await admin('GET', `/admin/businesses/${business}/contacts/imports/${job.id}`)).json<ImportBody>().status).toBe('completed');
      const file = await admin('GET', `/admin/businesses/${business}/contacts/imports/${job.id}/errors.csv`);
      expect(file.headers['content-type']).toMatch(/^text\/csv/);
      expect(file.body).toBe("phone,name,row,error_code,error\nnot a number,Bad,2,invalid_number,'not a number' is not a valid phone number for ID or in international form.\n");
      const twice = await upload({}, Buffer.from('phone\n0812\n'), `/admin/businesses/${business}/contacts/imports/${job.id}/file`);
      expect(twice.statusCode).toBe(400);
    });

    it('fails a file without a phone number column and says which columns it has', async () => {
      const job = (await upload({}, Buffer.from('email,name\na@b.c,Ana\n'))).json<ImportBody>();
      expect(job.status).toBe('failed');
      expect(job.error).toContain('["email","name"]');
    });

    it("fails an import at the row the CSV parser cannot read, with the parser's reason, keeping what committed before", async () => {
      // 12,000 good rows (more than one batch of the reading thread and of the import), then a quote never closed.
      const rows = Array.from({ length: 12_000 }, (_, index) => `0813${String(20_000_000 + index)},Row ${index + 1}`);
      const job = (await upload({}, Buffer.from(`phone,name\n${rows.join('\n')}\n0813999,"Never closed\n`))).json<ImportBody>();
      expect(job).toMatchObject({ status: 'failed', rows_read: 10_000, created: 10_000 });
      expect(job.error).toBe('Quote Not Closed: the parsing is finished with an opening quote at line 12002');
      const found = (await admin('GET', `/admin/businesses/${business}/contacts?number=0813 2000 9999`)).json<{ data: { name: string }[] }>().data;
      expect(found.map((contact) => contact.name)).toEqual(['Row 10000']);
    });

    it('drops NUL from cells, and reads a header named twice from its last column', async () => {
      const job = (await upload({}, Buffer.from('phone,name,name\n0812 4444\u00000001,First,Sec\u0000ond\n'))).json<ImportBody>();
      expect(job).toMatchObject({ status: 'completed', created: 1, failed: 0 });
      const contact = (await admin('GET', `/admin/businesses/${business}/contacts?number=6281244440001`)).json<{ data: { name: string }[] }>().data[0];
      expect(contact?.name).toBe('Second');
    });

    it('completes a file of only a header line with no rows, and fails an empty file for its missing phone column', async () => {
      expect((await upload({}, Buffer.from('phone,name\n'))).json<ImportBody>()).toMatchObject({ status: 'completed', rows_read: 0, created: 0, failed: 0 });
      const empty = (await upload({}, Buffer.alloc(0))).json<ImportBody>();
      expect(empty.status).toBe('failed');
      expect(empty.error).toContain('[]');
    });

    it("keeps another business's imports and errors out of reach", async () => {
      const job = (await upload({}, Buffer.from('phone\nxyz\n'))).json<ImportBody>();
      const other = t.demo.businessId;
      expect((await admin('GET', `/admin/businesses/${other}/contacts/imports/${job.id}`)).statusCode).toBe(400);
      expect((await admin('GET', `/admin/businesses/${other}/contacts/imports/${job.id}/errors`)).statusCode).toBe(400);
    });
  });
}
