/** `kabar numbers throughput`: a number's throughput level. */
import { InvalidArgumentError, type Command } from 'commander';
import { call, print } from './http.js';

const levels = ['STANDARD', 'HIGH', 'UNLIMITED'] as const;

function level(value: string): string {
  const upper = value.toUpperCase();
  if (!(levels as readonly string[]).includes(upper)) throw new InvalidArgumentError(`expected one of ${levels.join(', ')}`);
  return upper;
}

export function addThroughputCommand(program: Command): void {
  const numbers = program.commands.find((command) => command.name() === 'numbers') ?? program.command('numbers');
  numbers
    .command('throughput')
    .summary("show or set a number's throughput level: STANDARD (80/s), HIGH (1,000/s) or UNLIMITED")
    .description(
      "Shows a number's throughput level, or sets it (operators only). STANDARD: 80 messages a second, the Cloud API's default; " +
        'HIGH: 1,000 a second, as after Meta\'s upgrade; UNLIMITED: Kabar\'s level for load tests, with no per-number or pair rate limit. ' +
        'Over the number\'s rate a send is refused with 130429; more than one message every 6 s to one user (bursts of up to 45 aside) with 131056.',
    )
    .argument('<phone-number-id>', 'the number (kabar env prints the demo number as PHONE_NUMBER_ID)')
    .argument('[level]', `one of ${levels.join(', ')}; without it the current level is shown`, level)
    .action(async (id: string, chosen: string | undefined) =>
      print(
        chosen === undefined
          ? await call('GET', `/admin/phone_numbers/${encodeURIComponent(id)}/throughput`)
          : await call('POST', `/admin/phone_numbers/${encodeURIComponent(id)}/throughput`, { level: chosen }),
      ),
    );
}
