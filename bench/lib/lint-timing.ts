/**
 * How long the template linter takes, language detection included: the median and p99 of many runs
 * over a marketing template, against a WABA of 50 other templates (for the duplicate rules).
 */
import { detectLanguage, lintTemplate, newTemplate, type MessageTemplate } from '../../src/core/templates/index.js';

export interface LintTiming {
  readonly iterations: number;
  /** The first run loads the language detector's database. */
  readonly firstMs: number;
  readonly medianMs: number;
  readonly p99Ms: number;
  readonly findings: number;
}

const template = {
  name: 'weekend_offer',
  language: 'id',
  category: 'MARKETING',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Promo akhir pekan {{1}}', example: { header_text: ['Toko Maju'] } },
    { type: 'BODY', text: 'Halo {{1}}, semua sepatu diskon {{2}} sampai hari Minggu. Kunjungi toko kami di {{3}} atau pesan lewat WhatsApp.', example: { body_text: [['Siti', '30%', 'Jakarta']] } },
    { type: 'FOOTER', text: 'Balas STOP untuk berhenti' },
    { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Berhenti promosi' }, { type: 'URL', text: 'Lihat katalog', url: 'https://tokomaju.co.id/katalog/{{1}}', example: ['sepatu'] }] },
  ],
};

function others(): MessageTemplate[] {
  const waba = { id: '2', businessId: '1', name: 'bench', currency: 'IDR', timezoneId: '1', createdAt: 0 };
  let next = 0;
  const ids = { key: () => String(next), nodeId: () => String((next += 1)) };
  return Array.from({ length: 50 }, (_, index) =>
    newTemplate({ ids }, waba, { name: `notice_${index}`, language: 'id', category: 'UTILITY', parameterFormat: 'POSITIONAL', components: [{ type: 'BODY', text: `Pesanan {{1}} nomor ${index} sudah kami kirim hari ini, terima kasih.`, examples: [{ name: '1', example: 'A1' }] }], subCategory: null, messageSendTtlSeconds: null }, 0),
  );
}

export async function measureLint(iterations = 2_000): Promise<LintTiming> {
  const context = { others: others(), detect: detectLanguage };
  const started = performance.now();
  const first = await lintTemplate(template, context);
  const firstMs = performance.now() - started;
  const runs: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const start = performance.now();
    await lintTemplate(template, context);
    runs.push(performance.now() - start);
  }
  runs.sort((left, right) => left - right);
  return { iterations, firstMs, medianMs: runs[Math.floor(runs.length / 2)] ?? 0, p99Ms: runs[Math.floor(runs.length * 0.99)] ?? 0, findings: first.findings.length };
}
