/**
 * QR codes and short links: per phone number, a code whose scan (or `wa.me/message/{code}` link)
 * opens a chat with prefilled text. Managed on the Graph API's `/{phone-number-id}/message_qrdls`.
 */
export * from './domain/qr-code.model.js';
export * from './ports.js';
export * from './application/manage-qr-codes.js';
