/** The token of an opt-in link, as it appears in the prefilled text: `[K3F9Q2A7]`. */
const tokenInText = /\[([0-9A-Z]{6,16})\]/;

export function tokenFromNodeId(nodeId: string): string {
  return Number(nodeId).toString(36).toUpperCase();
}

export function prefilledWithToken(text: string, token: string): string {
  return `${text.trim()} [${token}]`;
}

export function tokenOf(text: string): string | undefined {
  return tokenInText.exec(text)?.[1];
}

/** A click-to-chat link: the business number and the text the user's WhatsApp prefills. */
export function waMeLink(phoneNumber: string, prefilledText: string): string {
  return `https://wa.me/${phoneNumber}?text=${encodeURIComponent(prefilledText)}`;
}
