/** `kabar policy …` and `kabar dead-letters`: the platform's dated policy profiles and what its workers set aside. */
import { InvalidArgumentError, type Command } from 'commander';
import { call, print } from './http.js';

function oneOf(allowed: readonly string[]) {
  return (value: string): string => {
    if (!allowed.includes(value)) throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}`);
    return value;
  };
}

export function addPlatformCommands(program: Command): void {
  const policy = program.command('policy').description("a business's dated policy profiles (messaging limits, pricing, templates, per-user marketing limits)");
  policy
    .command('show')
    .description('the profiles in force for a business')
    .argument('<business-id>', 'id of the business portfolio')
    .action(async (businessId: string) => print(await call('GET', `/admin/businesses/${encodeURIComponent(businessId)}/policy`)));
  policy
    .command('set')
    .description('choose the profiles a business runs (kept until changed)')
    .argument('<business-id>', 'id of the business portfolio')
    .option('--limits <profile>', 'messaging-limit ladder: 2022-01, 2022-09 (default), 2023-10 or 2025-10', oneOf(['2022-01', '2022-09', '2023-10', '2025-10']))
    .option('--pricing <profile>', 'pricing model: 2022-02 (conversation-based, default) or 2025-07 (per message)', oneOf(['2022-02', '2025-07']))
    .option('--templates <profile>', 'low-quality templates: 2021-09 (flagged, disabled after 7 days; default) or 2023-01 (paused 3 h, 6 h, then disabled)', oneOf(['2021-09', '2023-01']))
    .option('--marketing <profile>', 'per-user marketing limits: 2021-09 (none, default), 2024-05 (capped per user, 131049) or 2025-04 (also no marketing to US numbers)', oneOf(['2021-09', '2024-05', '2025-04']))
    .action(async (businessId: string, options: { limits?: string; pricing?: string; templates?: string; marketing?: string }) =>
      print(
        await call('POST', `/admin/businesses/${encodeURIComponent(businessId)}/policy`, {
          ...(options.limits === undefined ? {} : { limits: options.limits }),
          ...(options.pricing === undefined ? {} : { pricing: options.pricing }),
          ...(options.templates === undefined ? {} : { templates: options.templates }),
          ...(options.marketing === undefined ? {} : { marketing: options.marketing }),
        }),
      ),
    );
  program
    .command('dead-letters')
    .description('work the platform set aside because it could not be processed (newest first)')
    .option('--limit <n>', 'how many to list (1-1000, default 100)')
    .action(async (options: { limit?: string }) => print(await call('GET', `/admin/dead-letters${options.limit === undefined ? '' : `?limit=${encodeURIComponent(options.limit)}`}`)));
}
