/** `kabar sim …`: drive the simulated WhatsApp network over the simulator API. */
import type { Command } from 'commander';
import { call, print, upload } from './http.js';
import { CommandError } from './cli.errors.js';
import { connection } from './config.js';
import { renderConversation, type ConversationAnswer } from './conversation.view.js';
import { integer, probability, range } from './option-parsers.js';
import { addSendOptions, userMessageBody, type SendOptions } from './messages.commands.js';

const mediaKinds = ['image', 'video', 'audio', 'document', 'sticker'] as const;

interface MediaOptions {
  readonly image?: string;
  readonly video?: string;
  readonly audio?: string;
  readonly document?: string;
  readonly sticker?: string;
  readonly voice?: boolean;
  readonly caption?: string;
}

export function addSimCommands(program: Command): Command {
  const sim = program.command('sim').description('drive the simulated WhatsApp network');

  const send = sim
    .command('send')
    .description('a simulated user sends a text (or a photo, a document, a location, contact cards…) to a business number (the demo number unless --to)')
    .requiredOption('--from <waId>', "the user's phone number, e.g. 15550100001")
    .option('--to <number>', 'business phone number or phone-number id')
    .option('--name <name>', "the user's profile name")
    .option('--reply-to <wamid>', 'the message the user replies to')
    .option('--image <file>', 'send a photo (JPEG or PNG, up to 5 MB); the text is its caption')
    .option('--video <file>', 'send a video (MP4 or 3GPP, up to 16 MB); the text is its caption')
    .option('--audio <file>', 'send an audio file (AAC, AMR, MP3, M4A or OGG, up to 16 MB)')
    .option('--voice', 'with --audio: a voice note')
    .option('--document <file>', 'send any file as a document (up to 100 MB); the text is its caption')
    .option('--sticker <file>', 'send a WebP sticker (100 KB, or 500 KB animated)')
    .option('--caption <text>', 'the caption of --image, --video or --document (instead of the text)')
    .argument('[text]', 'what the user writes');
  addSendOptions(send).action(async (text: string | undefined, options: SendOptions & MediaOptions & { from: string }) => {
    const media = mediaKinds.filter((kind) => options[kind] !== undefined);
    if (media.length === 0) {
      print(await call('POST', `/sim/users/${encodeURIComponent(options.from)}/messages`, userMessageBody(text, options)));
      return;
    }
    const [kind] = media;
    const path = kind === undefined ? undefined : options[kind];
    if (media.length > 1 || kind === undefined || path === undefined) throw new CommandError('a message carries one file: give one of --image, --video, --audio, --document, --sticker.');
    const caption = options.caption ?? text;
    const to = options.to ?? connection().demo?.phoneNumberId;
    const fields: Record<string, string> = {
      ...(to === undefined ? {} : { to }),
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.replyTo === undefined ? {} : { context: options.replyTo }),
      ...(caption === undefined ? {} : { caption }),
      ...(options.voice === true ? { voice: 'true' } : {}),
    };
    print(await upload(`/sim/users/${encodeURIComponent(options.from)}/media`, fields, { field: kind, path, type: 'application/octet-stream' }));
  });

  sim
    .command('inbox')
    .summary("a simulated user's conversation as their phone shows it, oldest first")
    .description(
      "A simulated user's conversation as their phone shows it: what they wrote and what reached them, oldest first, " +
        'with ticks on what the business sent (✓ sent, ✓✓ delivered, ✓✓ read in blue, ✗ failed and its code). ' +
        'A user reads a delivered message 2-20 s later with probability 0.8 by default (kabar sim network set changes that).',
    )
    .argument('<waId>', "the user's wa_id")
    .option('--received', 'only what the user received from the business')
    .option('--undelivered', 'also what the business sent that never reached the phone (accepted, sent, failed)')
    .option('--limit <n>', 'how many of the latest messages (default 50)', integer)
    .option('--json', "print the simulator API's answer as it is")
    .action(async (waId: string, options: { received?: boolean; undelivered?: boolean; limit?: number; json?: boolean }) => {
      const query = new URLSearchParams({
        ...(options.received === true ? { direction: 'received' } : {}),
        ...(options.undelivered === true ? { undelivered: 'true' } : {}),
        ...(options.limit === undefined ? {} : { limit: String(options.limit) }),
      }).toString();
      const answer = await call('GET', `/sim/users/${encodeURIComponent(waId)}/messages${query === '' ? '' : `?${query}`}`);
      if (options.json === true) print(answer);
      else process.stdout.write(renderConversation(answer as ConversationAnswer, { color: process.stdout.isTTY && process.env['NO_COLOR'] === undefined }));
    });

  const user = sim.command('user').description('simulated users');
  user
    .command('add')
    .description('declare a user: a name, or a number that is not on WhatsApp')
    .argument('<waId>', "the user's wa_id")
    .option('--name <name>', 'profile name')
    .option('--not-on-whatsapp', 'messages to this number fail with 131026')
    .action(async (waId: string, options: { name?: string; notOnWhatsapp?: boolean }) => {
      print(await call('POST', '/sim/users', { wa_id: waId, ...(options.name === undefined ? {} : { name: options.name }), on_whatsapp: options.notOnWhatsapp !== true }));
    });
  user.command('list').description('declared users').action(async () => print(await call('GET', '/sim/users')));

  const network = sim.command('network').description('the simulated network: its seed and delivery schedule');
  network.command('show').description('the seed and schedule in force').action(async () => print(await call('GET', '/sim/network')));
  network
    .command('set')
    .description('change the seed or the schedule (kept across restarts)')
    .option('--seed <n>', 'PRNG seed: the same seed replays the same timings', integer)
    .option('--sent <ms>', 'acceptance to sent, e.g. 100-600', range)
    .option('--delivered <ms>', 'sent to delivered, e.g. 200-1500', range)
    .option('--read <ms>', 'delivered to read, e.g. 2000-20000', range)
    .option('--read-probability <p>', 'share of delivered messages that are read', probability)
    .action(async (options: { seed?: number; sent?: [number, number]; delivered?: [number, number]; read?: [number, number]; readProbability?: number }) => {
      const schedule = {
        ...(options.sent === undefined ? {} : { sent_after_ms: options.sent }),
        ...(options.delivered === undefined ? {} : { delivered_after_sent_ms: options.delivered }),
        ...(options.read === undefined ? {} : { read_after_delivered_ms: options.read }),
        ...(options.readProbability === undefined ? {} : { read_probability: options.readProbability }),
      };
      print(await call('POST', '/sim/network', { ...(options.seed === undefined ? {} : { seed: options.seed }), schedule }));
    });

  const clock = sim.command('clock').description('the simulated clock');
  clock.command('show').description('the simulated time').action(async () => print(await call('GET', '/sim/clock')));
  clock
    .command('advance')
    .description('move simulated time forward (90s, 25h, 7d) and run everything that falls due')
    .argument('<duration>', 'how far')
    .action(async (duration: string) => print(await call('POST', '/sim/clock/advance', { by: duration })));
  clock.command('freeze').description('stop simulated time').action(async () => print(await call('POST', '/sim/clock/mode', { mode: 'frozen' })));
  clock.command('run').description('let simulated time flow with the wall clock').action(async () => print(await call('POST', '/sim/clock/mode', { mode: 'running' })));
  return sim;
}
