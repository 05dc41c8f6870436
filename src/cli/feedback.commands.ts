/** `kabar sim block|unblock|report|stop-marketing|resume-marketing` and `kabar sim behaviour …`: what simulated users do. */
import type { Command } from 'commander';
import { CommandError } from './cli.errors.js';
import { call, print } from './http.js';
import { probability, range } from './option-parsers.js';

interface ProfileOptions {
  readonly block?: number;
  readonly report?: number;
  readonly stopMarketing?: number;
  readonly reply?: number;
  readonly categories?: string;
  readonly delay?: [number, number];
  readonly replyText?: string[];
}

function profile(options: ProfileOptions): Record<string, unknown> {
  return {
    ...(options.block === undefined ? {} : { block: options.block }),
    ...(options.report === undefined ? {} : { report: options.report }),
    ...(options.stopMarketing === undefined ? {} : { stop_marketing: options.stopMarketing }),
    ...(options.reply === undefined ? {} : { reply: options.reply }),
    ...(options.categories === undefined ? {} : { categories: options.categories.split(',').map((category) => category.trim()) }),
    ...(options.delay === undefined ? {} : { delay_ms: options.delay }),
    ...(options.replyText === undefined ? {} : { reply_texts: options.replyText }),
  };
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function addFeedbackCommands(program: Command): void {
  const sim = program.commands.find((command) => command.name() === 'sim');
  if (sim === undefined) throw new Error('the sim command must be added first');

  const actions: readonly (readonly [string, string])[] = [
    ['block', 'the user blocks the business number: every later send fails with 131026'],
    ['unblock', 'the user unblocks the business number'],
    ['report', 'the user reports the business number (a message, or the latest one they got)'],
    ['stop-marketing', 'the user stops marketing messages: later marketing templates fail with 131050'],
    ['resume-marketing', 'the user resumes marketing messages'],
  ];
  for (const [action, description] of actions) {
    sim
      .command(action)
      .description(description)
      .argument('<waId>', "the user's wa_id")
      .option('--number <phoneNumberId>', 'the business number (default: the demo number)')
      .option('--message <wamid>', 'the message the user reacts to (default: the latest they got from the number within a day)')
      .action(async (waId: string, options: { number?: string; message?: string }) =>
        print(await call('POST', `/sim/users/${encodeURIComponent(waId)}/${action}`, { ...(options.number === undefined ? {} : { phone_number_id: options.number }), ...(options.message === undefined ? {} : { message_id: options.message }) })),
      );
  }

  const behaviour = sim.command('behaviour').description('how simulated users react to what they read: per user, per group, or the network default');
  behaviour.command('show').description('the default profile and the groups').action(async () => print(await call('GET', '/sim/behaviour')));
  behaviour
    .command('set')
    .summary('set a behaviour profile for a user, a group, or the whole network')
    .description(
      'Sets the chances that a user who reads a message blocks the number, reports it, stops its marketing messages or replies, ' +
        'for one user (--user), a group (--group with --prefix and/or --members), or every other user (neither). ' +
        'Draws come from the simulator seed and the message, so the same scenario reacts the same way every run.',
    )
    .option('--user <waId>', 'one user')
    .option('--group <name>', 'a named group')
    .option('--prefix <digits>', "the group's members: wa_ids starting with these digits")
    .option('--members <waIds>', "the group's members: comma-separated wa_ids")
    .option('--block <p>', 'chance to block the number', probability)
    .option('--report <p>', 'chance to report it', probability)
    .option('--stop-marketing <p>', 'chance to stop its marketing messages (marketing messages only)', probability)
    .option('--reply <p>', 'chance to reply', probability)
    .option('--categories <list>', 'which messages they react to: marketing,utility,authentication,service (default: the three template categories)')
    .option('--delay <ms>', 'from reading to reacting, e.g. 60000-1800000', range)
    .option('--reply-text <text>', 'what a replying user writes (repeat for several)', collect)
    .action(async (options: ProfileOptions & { user?: string; group?: string; prefix?: string; members?: string }) => {
      if (options.user !== undefined && options.group !== undefined) throw new CommandError('give --user or --group, not both');
      if (options.user !== undefined) {
        print(await call('POST', `/sim/users/${encodeURIComponent(options.user)}/behaviour`, { profile: profile(options) }));
      } else if (options.group !== undefined) {
        print(
          await call('POST', `/sim/behaviour/groups/${encodeURIComponent(options.group)}`, {
            profile: profile(options),
            ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
            ...(options.members === undefined ? {} : { wa_ids: options.members.split(',').map((member) => member.trim()) }),
          }),
        );
      } else {
        print(await call('POST', '/sim/behaviour/default', { profile: profile(options) }));
      }
    });
  behaviour
    .command('clear')
    .description("remove a user's own profile, a group, or the network default")
    .option('--user <waId>', 'one user')
    .option('--group <name>', 'a named group')
    .action(async (options: { user?: string; group?: string }) => {
      if (options.user !== undefined) print(await call('POST', `/sim/users/${encodeURIComponent(options.user)}/behaviour`, { profile: null, group: null }));
      else if (options.group !== undefined) print(await call('DELETE', `/sim/behaviour/groups/${encodeURIComponent(options.group)}`));
      else print(await call('POST', '/sim/behaviour/default', { profile: null }));
    });
}
