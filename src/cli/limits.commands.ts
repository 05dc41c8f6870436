/** `kabar numbers limits|quality|escalation|blocked`: a number's messaging limit, quality, human escalation path and blocklist. */
import type { Command } from 'commander';
import { call, print } from './http.js';
import { integer } from './option-parsers.js';

export function addLimitsCommands(program: Command): void {
  const numbers = program.commands.find((command) => command.name() === 'numbers') ?? program.command('numbers');
  numbers
    .command('limits')
    .description('the number\'s messaging limit: tier, unique customers in the rolling 24 h and 7 days, when capacity frees up, quality and its reasons, the history of changes')
    .argument('<id>', 'phone-number id')
    .action(async (id: string) => print(await call('GET', `/admin/phone_numbers/${id}/limits`)));
  numbers
    .command('quality-check')
    .description('rate the number\'s quality now (it is rated again as users react, at most hourly)')
    .argument('<id>', 'phone-number id')
    .action(async (id: string) => print(await call('POST', `/admin/phone_numbers/${id}/quality/check`, {})));
  numbers
    .command('escalation')
    .description('show the number\'s human escalation path; with --kind, declare it (agent_handover, phone_number, email, web_form, store_visit)')
    .argument('<id>', 'phone-number id')
    .option('--kind <kind>', 'agent_handover, phone_number, email, web_form or store_visit')
    .option('--value <value>', 'the number, address, form URL or store address (who takes over, for agent_handover)')
    .action(async (id: string, options: { kind?: string; value?: string }) => {
      if (options.kind === undefined) return print(await call('GET', `/admin/phone_numbers/${id}/escalation_path`));
      return print(await call('POST', `/admin/phone_numbers/${id}/escalation_path`, { kind: options.kind, ...(options.value === undefined ? {} : { value: options.value }) }));
    });
  numbers
    .command('blocked')
    .description('the users the number blocked (Block Users API), latest first, and how many in all (at most 64,000)')
    .argument('<id>', 'phone-number id')
    .option('--limit <n>', 'how many of the latest blocks (default 100, at most 1,000)', integer)
    .action(async (id: string, options: { limit?: number }) => print(await call('GET', `/admin/phone_numbers/${id}/blocked_users${options.limit === undefined ? '' : `?limit=${options.limit}`}`)));
}
