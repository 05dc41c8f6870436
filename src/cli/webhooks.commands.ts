/** `kabar webhooks realism`: an app's webhook realism switches. */
import type { Command } from 'commander';
import { call, print } from './http.js';
import { onOff } from './option-parsers.js';

interface RealismOptions {
  readonly batching?: boolean;
  readonly duplicates?: boolean;
  readonly outOfOrder?: boolean;
}

export function addWebhookRealismCommand(webhooks: Command): void {
  webhooks
    .command('realism')
    .summary("show or switch an app's webhook realism: batching, duplicates, out-of-order delivery")
    .description(
      "Shows an app's webhook realism switches, or switches them on or off, so that a receiver's de-duplication and ordering can be tested. " +
        'Batching puts several changes and entries in one POST; duplicates delivers every webhook twice; out-of-order holds some webhooks back ' +
        "so that later ones overtake them, drawn from the simulator's seed. All off by default; see docs/policies.md.",
    )
    .argument('<appId>', 'the app whose webhooks change (kabar env prints the demo app as APP_ID)')
    .option('--batching <on|off>', 'several changes and entries in one POST', onOff)
    .option('--duplicates <on|off>', 'every webhook delivered twice', onOff)
    .option('--out-of-order <on|off>', 'some webhooks held back so that later ones overtake them', onOff)
    .action(async (appId: string, options: RealismOptions) => {
      const change = {
        ...(options.batching === undefined ? {} : { batching: options.batching }),
        ...(options.duplicates === undefined ? {} : { duplicates: options.duplicates }),
        ...(options.outOfOrder === undefined ? {} : { out_of_order: options.outOfOrder }),
      };
      const path = `/admin/apps/${encodeURIComponent(appId)}/webhook-realism`;
      print(Object.keys(change).length === 0 ? await call('GET', path) : await call('POST', path, change));
    });
}
