/**
 * The customer-service window: free-form messages only within 24 hours of the user's last inbound
 * message (developers.facebook.com/docs/whatsapp/cloud-api/guides/send-messages#customer-service-windows).
 * Outside it, only templates; a free-form send is accepted and then fails with 131047.
 */
export const customerServiceWindowMs = 24 * 60 * 60 * 1000;

export type WindowVerdict =
  | { readonly open: true; readonly closesAt: number }
  | { readonly open: false; readonly reason: 'never_opened' }
  | { readonly open: false; readonly reason: 'closed'; readonly closedAt: number };

export function canSendFreeForm(facts: { readonly lastInboundAt: number | null }, now: number): WindowVerdict {
  if (facts.lastInboundAt === null) return { open: false, reason: 'never_opened' };
  const closesAt = facts.lastInboundAt + customerServiceWindowMs;
  return now < closesAt ? { open: true, closesAt } : { open: false, reason: 'closed', closedAt: closesAt };
}

function hoursAgo(milliseconds: number): string {
  const hours = Math.floor(milliseconds / 3_600_000);
  const minutes = Math.floor((milliseconds % 3_600_000) / 60_000);
  return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
}

/** The sentence a developer reads in the failed status. */
export function explainClosedWindow(verdict: WindowVerdict, now: number): string {
  if (verdict.open) return 'The customer-service window is open.';
  if (verdict.reason === 'never_opened') {
    return 'Message failed to send because the user has never messaged this number: only a template can start the conversation.';
  }
  return `Message failed to send because more than 24 hours have passed since the customer last replied to this number (the window closed ${hoursAgo(now - verdict.closedAt)} ago); send a template instead.`;
}
