import { recordKind } from '../shared/index.js';
import type { NumberStatus } from '../accounts/index.js';
import type { NumberStatusEvent } from './domain/number-status.machine.js';
import type { CodeMethod } from './domain/verification-code.policy.js';

/** A code sent by SMS or voice call: the simulator's inbox for the business number shows it. */
export interface VerificationCode {
  readonly key: string;
  readonly phoneNumberId: string;
  /** The business number's digits, as the phone that receives the code knows it. */
  readonly phoneNumber: string;
  readonly code: string;
  readonly method: CodeMethod;
  readonly language: string;
  /** False when the simulated line cannot receive that method: the code never arrives. */
  readonly delivered: boolean;
  readonly sentAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
}

export interface RegistrationCall {
  readonly key: string;
  readonly phoneNumberId: string;
  readonly action: 'register' | 'deregister';
  readonly at: number;
}

/** One transition of the number status machine, with why it happened. */
export interface NumberStatusChange {
  readonly key: string;
  readonly phoneNumberId: string;
  readonly businessId: string;
  readonly from: NumberStatus;
  readonly to: NumberStatus;
  readonly event: NumberStatusEvent;
  readonly cause: string;
  readonly at: number;
}

export const codeSent = recordKind<VerificationCode>('numbers.code-sent');
export const codeUsed = recordKind<{ readonly key: string; readonly at: number }>('numbers.code-used');
export const registrationCalled = recordKind<RegistrationCall>('numbers.registration-call');
export const wrongPinGuessed = recordKind<{ readonly key: string; readonly phoneNumberId: string; readonly at: number }>('numbers.wrong-pin');
export const numberStatusChanged = recordKind<NumberStatusChange>('numbers.status-changed');
