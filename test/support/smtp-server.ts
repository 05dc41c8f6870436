import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly raw: string;
}

function decodeQuotedPrintable(text: string): string {
  const bytes = Buffer.from(text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  return bytes.toString('utf8');
}

/** A mail as the test reads it: unfolded headers, the decoded text body. */
function parse(raw: string, from: string, to: readonly string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string): string => new RegExp(`^${name}: (.*)$`, 'mi').exec(headers)?.[1]?.trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text = encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : body;
  return { from, to, subject: header('Subject'), text: text.replace(/\r\n/g, '\n'), raw };
}

/**
 * A real SMTP server on a loopback port (the `smtp-server` package): AUTH PLAIN/LOGIN with one user,
 * no STARTTLS. While `failing` is set it answers MAIL FROM with a temporary 451, as a server that
 * is down for a while would.
 */
export class TestSmtpServer {
  readonly mails: ReceivedMail[] = [];
  failing = false;
  readonly #server: SMTPServer;
  readonly #waiters: { predicate: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void }[] = [];
  #port = 0;

  private constructor(readonly user: string, readonly password: string) {
    this.#server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === user && auth.password === password) callback(null, { user });
        else callback(new Error('Invalid username or password'));
      },
      onMailFrom: (_address, _session, callback) => {
        if (!this.failing) {
          callback();
          return;
        }
        const error = Object.assign(new Error('Mailbox temporarily unavailable, try again later'), { responseCode: 451 });
        callback(error);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
          const mail = parse(Buffer.concat(chunks).toString('utf8'), from, session.envelope.rcptTo.map((address) => address.address));
          this.mails.push(mail);
          for (const waiter of this.#waiters.filter((candidate) => candidate.predicate(mail))) {
            this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
            waiter.resolve(mail);
          }
          callback();
        });
      },
    });
  }

  static async start(user: string, password: string): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer(user, password);
    await new Promise<void>((resolve) => smtp.#server.listen(0, '127.0.0.1', resolve));
    smtp.#port = (smtp.#server.server.address() as AddressInfo).port;
    return smtp;
  }

  /** `smtp://user:password@127.0.0.1:port`, the password URL-encoded. */
  get url(): string {
    return `smtp://${encodeURIComponent(this.user)}:${encodeURIComponent(this.password)}@127.0.0.1:${this.#port}`;
  }

  /** The first mail (already received or still to come) that matches. */
  next(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    const found = this.mails.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching mail within ${timeoutMs} ms; received: ${this.mails.map((mail) => mail.subject).join(' | ')}`)), timeoutMs);
      this.#waiters.push({ predicate, resolve: (mail) => (clearTimeout(timer), resolve(mail)) });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
