/**
 * A message template as Kabar keeps it: Meta's components in typed form, its review status, quality
 * and lifecycle facts (reference: developers.facebook.com/docs/whatsapp/business-management-api/message-templates).
 */
export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
export const templateCategories: readonly TemplateCategory[] = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];

export type TemplateStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'FLAGGED' | 'PAUSED' | 'DISABLED' | 'DELETED';

export type ParameterFormat = 'POSITIONAL' | 'NAMED';

/** Meta's quality scores: GREEN (high), YELLOW (medium), RED (low), UNKNOWN (not enough feedback yet). */
export type QualityScore = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

/** Meta's `rejected_reason` values. */
export type RejectedReason = 'ABUSIVE_CONTENT' | 'INCORRECT_CATEGORY' | 'INVALID_FORMAT' | 'PROMOTIONAL' | 'SCAM' | 'TAG_CONTENT_MISMATCH' | 'NONE';

export type MediaFormat = 'IMAGE' | 'VIDEO' | 'DOCUMENT';
export type HeaderFormat = 'TEXT' | MediaFormat | 'LOCATION';

/** A variable's example, named (`{{first_name}}`) or positional (`{{1}}`, then `name` is "1"). */
export interface VariableExample {
  readonly name: string;
  readonly example: string;
}

export type HeaderComponent =
  | { readonly type: 'HEADER'; readonly format: 'TEXT'; readonly text: string; readonly examples: readonly VariableExample[] }
  /** `example` is a media handle ("4::…") or a URL, as Meta's `example.header_handle` holds. */
  | { readonly type: 'HEADER'; readonly format: MediaFormat; readonly example: string | null }
  | { readonly type: 'HEADER'; readonly format: 'LOCATION' };

export interface BodyComponent {
  readonly type: 'BODY';
  /** Absent for AUTHENTICATION templates, whose body is Meta's preset text. */
  readonly text: string | null;
  readonly examples: readonly VariableExample[];
  /** AUTHENTICATION only: adds "For your security, do not share this code." */
  readonly addSecurityRecommendation?: boolean;
}

export interface FooterComponent {
  readonly type: 'FOOTER';
  readonly text: string | null;
  /** AUTHENTICATION only: "This code expires in N minutes." */
  readonly codeExpirationMinutes?: number;
}

export type TemplateButton =
  | { readonly type: 'QUICK_REPLY'; readonly text: string }
  | { readonly type: 'URL'; readonly text: string; readonly url: string; readonly example: string | null }
  | { readonly type: 'PHONE_NUMBER'; readonly text: string; readonly phoneNumber: string }
  | { readonly type: 'COPY_CODE'; readonly example: string }
  | { readonly type: 'OTP'; readonly otpType: 'COPY_CODE' | 'ONE_TAP' | 'ZERO_TAP'; readonly text: string | null };

export interface ButtonsComponent {
  readonly type: 'BUTTONS';
  readonly buttons: readonly TemplateButton[];
}

export type TemplateComponent = HeaderComponent | BodyComponent | FooterComponent | ButtonsComponent;

/** What a business submits (create or edit): everything but what Kabar decides. */
export interface TemplateDraft {
  readonly name: string;
  readonly language: string;
  readonly category: TemplateCategory;
  readonly parameterFormat: ParameterFormat;
  readonly components: readonly TemplateComponent[];
  readonly subCategory: string | null;
  readonly messageSendTtlSeconds: number | null;
}

export interface MessageTemplate extends TemplateDraft {
  readonly id: string;
  readonly businessId: string;
  readonly wabaId: string;
  readonly status: TemplateStatus;
  readonly rejectedReason: RejectedReason | null;
  readonly previousCategory: TemplateCategory | null;
  /** A category reassignment announced but not applied yet (`template_category_update`). */
  readonly correctCategory: TemplateCategory | null;
  readonly categoryUpdateAt: number | null;
  readonly quality: QualityScore;
  readonly qualityUpdatedAt: number | null;
  /** Feedback before this time does not count: the template was (re)approved or unpaused since. */
  readonly qualitySince: number;
  readonly flaggedAt: number | null;
  readonly pausedUntil: number | null;
  readonly pauseCount: number;
  /** When each edit of the approved template happened (edit limits: 1 per 24 h, 10 per 30 days). */
  readonly edits: readonly number[];
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly deletedAt: number | null;
}

export function headerOf(template: Pick<TemplateDraft, 'components'>): HeaderComponent | undefined {
  return template.components.find((component): component is HeaderComponent => component.type === 'HEADER');
}

export function bodyOf(template: Pick<TemplateDraft, 'components'>): BodyComponent | undefined {
  return template.components.find((component): component is BodyComponent => component.type === 'BODY');
}

export function footerOf(template: Pick<TemplateDraft, 'components'>): FooterComponent | undefined {
  return template.components.find((component): component is FooterComponent => component.type === 'FOOTER');
}

export function buttonsOf(template: Pick<TemplateDraft, 'components'>): readonly TemplateButton[] {
  return template.components.find((component): component is ButtonsComponent => component.type === 'BUTTONS')?.buttons ?? [];
}

/** Whether a template in this status may be sent (FLAGGED still sends until it is disabled). */
export function isSendable(status: TemplateStatus): boolean {
  return status === 'APPROVED' || status === 'FLAGGED';
}
