import { WhatsAppAPI } from 'whatsapp-api-js';
import type { OnMessageArgs, OnStatusArgs } from 'whatsapp-api-js/emitters';
import { listenKabar, type RunningKabar } from './running-kabar.js';
import { WebhookSink, type ReceivedWebhook } from './webhook-sink.js';

/**
 * whatsapp-api-js pointed at a running Kabar, unchanged but for where its fetch goes, with the
 * webhooks a sink received handed to the library's own `post()` (which checks each signature).
 */
export class LibraryClient {
  readonly client: WhatsAppAPI;
  readonly messages: OnMessageArgs[] = [];
  readonly statuses: OnStatusArgs[] = [];
  readonly accepted: ReceivedWebhook[] = [];
  readonly rejected: ReceivedWebhook[] = [];
  /** The HTTP status of the last Graph answer (the library returns error bodies without it). */
  lastStatus = 0;
  readonly #kabar: RunningKabar;
  readonly #sink: WebhookSink;

  constructor(kabar: RunningKabar, sink: WebhookSink) {
    this.#kabar = kabar;
    this.#sink = sink;
    this.client = new WhatsAppAPI({
      token: kabar.demo.accessToken,
      appSecret: kabar.demo.appSecret,
      v: 'v24.0',
      ponyfill: {
        fetch: async (input, init) => {
          const response = await fetch(String(input instanceof Request ? input.url : input).replace('https://graph.facebook.com', kabar.baseUrl), init);
          this.lastStatus = response.status;
          return response;
        },
      },
    });
    this.client.on.message = (args) => {
      this.messages.push(args);
    };
    this.client.on.status = (args) => {
      this.statuses.push(args);
    };
  }

  /** Hands every webhook received so far to the library, exactly as a receiving server would. */
  async feed(): Promise<void> {
    for (const webhook of this.#sink.received.splice(0)) {
      try {
        await this.client.post(webhook.json as Parameters<WhatsAppAPI['post']>[0], webhook.raw, String(webhook.headers['x-hub-signature-256']));
        this.accepted.push(webhook);
      } catch {
        this.rejected.push(webhook);
      }
    }
  }

  /** Lets Kabar deliver what is due and feeds the library until `check` holds (or gives up). */
  async until(check: () => boolean): Promise<boolean> {
    for (let round = 0; round < 50 && !check(); round += 1) {
      await this.#kabar.kabar.services.settle();
      await this.#sink.next(() => this.#sink.received.length > 0, 2_000).catch(() => undefined);
      await this.feed();
    }
    return check();
  }
}

/** Kabar listening, a sink subscribed to the demo WABA through the Graph API, and the library; `close` stops all and drops the database. */
export async function startWithLibrary(dialect: 'sqlite' | 'postgres'): Promise<{ kabar: RunningKabar; sink: WebhookSink; library: LibraryClient; close(): Promise<void> }> {
  const kabar = await listenKabar(dialect);
  const sink = await WebhookSink.start();
  const subscribed = await fetch(`${kabar.baseUrl}/v24.0/${kabar.demo.wabaId}/subscribed_apps`, {
    method: 'POST',
    headers: { ...kabar.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ override_callback_uri: sink.url, verify_token: sink.verifyToken }),
  });
  if (subscribed.status !== 200) throw new Error(`subscription refused: ${await subscribed.text()}`);
  return {
    kabar,
    sink,
    library: new LibraryClient(kabar, sink),
    async close() {
      await kabar.close();
      await sink.close();
      await kabar.database.cleanup();
    },
  };
}
