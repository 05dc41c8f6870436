import type { FastifyRequest } from 'fastify';
import type { Flow } from '../../core/flows/index.js';
import { UrlSigner } from '../url-signer.js';

/** Where a Flow's `flow.json` asset downloads from (Graph token of the Flow's business, as media downloads). */
export const assetPath = '/whatsapp_business/flow_assets/';
/** Where a Flow's preview opens in a browser: a signed link, as Meta's preview links are. */
export const previewPath = '/whatsapp_business/flow_preview/';
/** Meta's preview links last 30 days. */
export const previewLifetimeMs = 30 * 24 * 60 * 60 * 1000;

/** Signs the asset and preview URLs of Flows with a secret Kabar keeps in its settings. */
export class FlowUrls {
  readonly #signer: UrlSigner;

  constructor(secret: string) {
    this.#signer = new UrlSigner(secret);
  }

  /** The asset URL names the upload it serves (its time), so a URL handed out before a new upload stops working. */
  assetUrl(request: FastifyRequest, flow: Flow): string {
    const query = new URLSearchParams({ v: String(flow.updatedAt), hash: this.#signer.sign(`asset:${flow.id}:${flow.updatedAt}`) });
    return `${request.protocol}://${request.host}${assetPath}${flow.id}/flow.json?${query.toString()}`;
  }

  validAsset(flow: Flow, version: string, hash: string): boolean {
    return version === String(flow.updatedAt) && this.#signer.verify(`asset:${flow.id}:${flow.updatedAt}`, hash);
  }

  /** A preview link of one generation (`preview.invalidate(true)` starts the next), good until `expiresAt`. */
  previewUrl(request: FastifyRequest, flowId: string, generation: number, expiresAt: number): string {
    const query = new URLSearchParams({ expires: String(expiresAt), token: this.#signer.sign(`preview:${flowId}:${generation}:${expiresAt}`) });
    return `${request.protocol}://${request.host}${previewPath}${flowId}?${query.toString()}`;
  }

  validPreview(flowId: string, generation: number, expires: string, token: string, now: number): boolean {
    const expiresAt = Number(expires);
    if (!Number.isSafeInteger(expiresAt) || expiresAt <= now) return false;
    return this.#signer.verify(`preview:${flowId}:${generation}:${expiresAt}`, token);
  }
}
