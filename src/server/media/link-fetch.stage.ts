/**
 * A media message sent by `link` is fetched by Kabar as the Cloud API fetches it: within the
 * callback-host policy that binds webhooks, with the size and MIME rules of its kind. A link that
 * cannot be fetched, or answers with the wrong kind of file, fails the message with 131053.
 */
import { proceed, type InteractiveContent, type MediaContent, type SendStage, type SendVerdict } from '../../core/messaging/index.js';
import { isAnimatedWebp, kindOfMimeType, mediaMimeTypes, mediaSizeLimits, normalMimeType, sizeLimitOf, type MediaKind } from '../../core/media/index.js';
import { refusedCallback, type CallbackPolicy } from '../callback-policy.js';

const mediaTypes: ReadonlySet<string> = new Set<MediaKind>(['image', 'video', 'audio', 'document', 'sticker']);

function linkOf(type: string, content: Readonly<Record<string, unknown>>): { readonly kind: MediaKind; readonly link: string } | undefined {
  if (mediaTypes.has(type)) {
    const link = (content as MediaContent).link;
    return link === undefined ? undefined : { kind: type as MediaKind, link };
  }
  if (type === 'interactive') {
    const header = (content as Partial<InteractiveContent>).header;
    if (header === undefined || header.type === 'text' || header.media.link === undefined) return undefined;
    return { kind: header.type, link: header.media.link };
  }
  return undefined;
}

export interface LinkFetchOptions {
  readonly policy: CallbackPolicy;
  /** A deadline for the whole fetch, body included. */
  readonly timeoutMs?: number;
  readonly maxRedirects?: number;
}

const article = (kind: MediaKind): string => (kind === 'image' || kind === 'audio' ? 'an' : 'a');

/** Why the link cannot be the media of a `kind` message, or undefined when it can. */
export async function linkProblem(kind: MediaKind, link: string, options: LinkFetchOptions): Promise<string | undefined> {
  const deadline = AbortSignal.timeout(options.timeoutMs ?? 20_000);
  let url = link;
  for (let redirects = 0; ; redirects += 1) {
    const refused = await refusedCallback(url, options.policy);
    if (refused !== undefined) return `Downloading media from weblink failed: Kabar does not fetch ${url}: ${refused}.`;
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'manual', signal: deadline, headers: { 'user-agent': 'Kabar media fetcher (WhatsApp Cloud API emulation)' } });
    } catch (error) {
      return `Downloading media from weblink failed: ${deadline.aborted ? 'no complete answer in time' : error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}.`;
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      if (redirects >= (options.maxRedirects ?? 3)) return 'Downloading media from weblink failed: too many redirects.';
      url = new URL(location, url).toString();
      continue;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      return `Downloading media from weblink failed with http code ${response.status}, status message ${response.statusText || 'none'}.`;
    }
    const mimeType = normalMimeType(response.headers.get('content-type') ?? '');
    const answered = kindOfMimeType(mimeType);
    const fits = kind === 'document' ? answered !== undefined : answered === kind;
    if (!fits) {
      await response.body?.cancel();
      return `Media type ${mimeType || '(none)'} at the link is not what ${article(kind)} ${kind} takes: ${(kind === 'document' ? Object.values(mediaMimeTypes).flat() : mediaMimeTypes[kind]).join(', ')}.`;
    }
    const limit = mediaSizeLimits[kind === 'document' ? 'document' : kind];
    const announced = Number(response.headers.get('content-length'));
    if (Number.isFinite(announced) && announced > limit) {
      await response.body?.cancel();
      return `The file at the link is ${announced} bytes, more than the limit of ${article(kind)} ${kind}.`;
    }
    let size = 0;
    let head = new Uint8Array(0);
    try {
      for await (const chunk of response.body ?? []) {
        const bytes = chunk as Uint8Array;
        if (head.length < 64) head = Uint8Array.from([...head, ...bytes.subarray(0, 64 - head.length)]);
        size += bytes.length;
        if (size > limit) {
          await response.body?.cancel().catch(() => undefined);
          return `The file at the link is more than the ${limit} bytes ${article(kind)} ${kind} may have.`;
        }
      }
    } catch (error) {
      return `Downloading media from weblink failed: ${deadline.aborted ? 'no complete answer in time' : error instanceof Error ? error.message : String(error)}.`;
    }
    if (size === 0) return 'The file at the link is empty.';
    if (kind === 'sticker' && size > sizeLimitOf('sticker', head)) return `The sticker at the link is ${size} bytes, more than the limit of ${isAnimatedWebp(head) ? 'an animated' : 'a static'} sticker.`;
    return undefined;
  }
}

/** Send stage (position 450): a message with a media link is failed with 131053 when its link does not give a file of its kind. */
export function linkFetchStage(options: LinkFetchOptions): SendStage {
  return {
    name: 'media-link',
    check({ message }) {
      const reference = linkOf(message.type, message.content);
      if (reference === undefined) return proceed;
      return linkProblem(reference.kind, reference.link, options).then((problem): SendVerdict => (problem === undefined ? proceed : { outcome: 'fail', errorCode: 131053, details: problem }));
    },
  };
}
