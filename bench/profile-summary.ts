/** `tsx bench/profile-summary.ts <file.cpuprofile> [count]`: where a profiled server spent its time. */
import { formatProfile, summariseProfile } from './lib/profile-summary.js';

const [file, count] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: tsx bench/profile-summary.ts <file.cpuprofile> [count]\n');
  process.exit(2);
}
process.stdout.write(`${formatProfile(summariseProfile(file, count === undefined ? 25 : Number(count)))}\n`);
