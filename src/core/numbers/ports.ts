import type { NumberStatusChange, VerificationCode } from './records.js';

export interface NumbersRepository {
  /** The last code sent for the number. */
  latestCode(phoneNumberId: string): Promise<VerificationCode | undefined>;
  /** Codes that reached (or were sent to) a number, newest first: the simulated phone's inbox. */
  codesSentTo(phoneNumber: string, limit: number): Promise<VerificationCode[]>;
  /** When the register and deregister calls since `since` happened. */
  registrationCallsSince(phoneNumberId: string, since: number): Promise<number[]>;
  wrongPinGuessesSince(phoneNumberId: string, since: number): Promise<number[]>;
  /** Newest first. */
  statusHistory(phoneNumberId: string, limit: number): Promise<NumberStatusChange[]>;
}

/** Whether a number is already on WhatsApp, as the network (the simulator) knows it. */
export type WhatsAppAccount = 'none' | 'personal' | 'business_app' | 'other_provider';

export interface WhatsAppDirectory {
  accountOf(phoneNumber: string): Promise<WhatsAppAccount>;
  /** Which ways the line can receive a verification code. */
  reachableBy(phoneNumber: string): Promise<{ readonly sms: boolean; readonly voice: boolean }>;
  /** The number now runs on the Cloud API: its Business App or other provider's account ends. */
  onboarded(phoneNumber: string): Promise<void>;
}

/** Draws verification codes (the server uses a CSPRNG). */
export interface CodeGenerator {
  verificationCode(): string;
}
