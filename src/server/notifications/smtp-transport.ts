import nodemailer from 'nodemailer';
import type { EmailTransport } from '../../core/notifications/index.js';

/** `smtp://user:***@host:port`: an SMTP URL safe to show. */
export function redactSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an SMTP URL that cannot be read)';
  }
}

/** The password in an SMTP URL, as written and decoded: what must never be logged. */
export function smtpSecrets(url: string): string[] {
  try {
    const { password } = new URL(url);
    return password === '' ? [] : [...new Set([password, decodeURIComponent(password)])];
  } catch {
    return [url];
  }
}

/**
 * Sends e-mail over SMTP with nodemailer from a connection URL (`smtp://`, `smtps://`, with
 * nodemailer's query options such as `?pool=true`). Its own logging is off: errors reach Kabar's
 * log through the dispatcher, with the password removed.
 */
export function smtpTransport(url: string): EmailTransport {
  const transporter = nodemailer.createTransport({ url, logger: false, debug: false, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(email) {
      await transporter.sendMail({ from: email.from, to: email.to, subject: email.subject, text: email.text });
    },
    close() {
      transporter.close();
    },
  };
}
