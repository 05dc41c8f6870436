/** A contact list of the shape marketers import: Indonesian numbers in the forms people write them, names, tags, a city. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const firstNames = ['Siti', 'Budi', 'Agus', 'Dewi', 'Rina', 'Andi', 'Putri', 'Joko', 'Wati', 'Hendra', 'Yuni', 'Eko', 'Sri', 'Bayu', 'Intan', 'Fajar', 'Lestari', 'Rizky', 'Nur', 'Dian'];
export const lastNames = ['Rahma', 'Santoso', 'Wijaya', 'Saputra', 'Lestari', 'Hidayat', 'Pratama', 'Kusuma', 'Setiawan', 'Nugroho', 'Halim', 'Siregar', 'Harahap', 'Sitompul', 'Gunawan'];
export const tags = ['vip', 'reseller', 'jakarta', 'bandung', 'promo', 'new', 'loyal', 'surabaya'];
const cities = ['Jakarta', 'Bandung', 'Surabaya', 'Medan', 'Makassar', 'Depok'];

/** The number of row `index`: +62 812 followed by 8 digits, unique per row. */
export function waIdOf(index: number): string {
  return `62812${String(10_000_000 + index)}`;
}

export async function writeContactsFile(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('phone,name,tags,city\n');
  for (let index = 1; index <= rows; index += 1) {
    const digits = String(10_000_000 + index);
    const phone = index % 3 === 0 ? `0812${digits}` : index % 3 === 1 ? `+62 812-${digits.slice(0, 4)}-${digits.slice(4)}` : `62812${digits}`;
    const name = `${firstNames[index % firstNames.length] ?? ''} ${lastNames[Math.floor(index / firstNames.length) % lastNames.length] ?? ''}`;
    const tag = `${tags[index % tags.length] ?? ''}${index % 7 === 0 ? `;${tags[(index + 3) % tags.length] ?? ''}` : ''}`;
    if (!out.write(`${phone},${name},"${tag}",${cities[index % cities.length] ?? ''}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
