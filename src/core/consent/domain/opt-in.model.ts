/** The opt-in ledger: every opt-in and withdrawal a business recorded, never changed afterwards. */
export type ConsentCategory = 'marketing' | 'utility';
export const consentCategories: readonly ConsentCategory[] = ['marketing', 'utility'];

/** Where an opt-in was collected: inside WhatsApp (links, QR codes, a thread) or outside it. */
export type OptInSource = 'ivr' | 'web_form' | 'ad' | 'link' | 'qr_code' | 'whatsapp_thread';
export const optInSources: readonly OptInSource[] = ['ivr', 'web_form', 'ad', 'link', 'qr_code', 'whatsapp_thread'];

/** How a withdrawal arrived: through the API (an agent, a form) or as a keyword the user sent. */
export type WithdrawalSource = 'api' | 'keyword';

export type ConsentAction = 'opt_in' | 'opt_out';

export interface LedgerEntry {
  readonly key: string;
  readonly businessId: string;
  readonly waId: string;
  readonly category: ConsentCategory;
  readonly action: ConsentAction;
  readonly source: OptInSource | WithdrawalSource;
  /** What the person agreed to, in the words they saw. */
  readonly consentText: string;
  /** Evidence: a form submission id, a recording, the message that carried the keyword or link token… */
  readonly proof: Readonly<Record<string, unknown>>;
  /** When it happened (may be before it was recorded, e.g. a paper form). */
  readonly recordedAt: number;
  readonly createdAt: number;
}

/** The latest entry of a (number, category): what is in force. */
export interface ConsentState {
  readonly category: ConsentCategory;
  readonly action: ConsentAction;
  readonly entryKey: string;
  readonly recordedAt: number;
}

/** An opt-in link: a wa.me link (or its QR code) whose prefilled text records an opt-in when sent. */
export interface OptInLink {
  readonly id: string;
  readonly businessId: string;
  readonly phoneNumberId: string;
  /** Also inside the prefilled text, in square brackets: how an inbound message is recognised. */
  readonly token: string;
  readonly categories: readonly ConsentCategory[];
  readonly source: 'link' | 'qr_code';
  readonly consentText: string;
  readonly prefilledText: string;
  readonly createdAt: number;
}
