/** A template node in Graph's field names, its components back in the shape clients sent them. */
import type { LintFinding, MessageTemplate, TemplateButton, TemplateComponent, VariableExample } from '../../core/templates/index.js';
import { formatLocation } from '../../core/templates/index.js';

function examples(template: MessageTemplate, list: readonly VariableExample[], kind: 'header' | 'body'): Record<string, unknown> | undefined {
  if (list.length === 0) return undefined;
  if (template.parameterFormat === 'NAMED') return { [`${kind}_text_named_params`]: list.map((entry) => ({ param_name: entry.name, example: entry.example })) };
  const values = list.map((entry) => entry.example);
  return kind === 'header' ? { header_text: values } : { body_text: [values] };
}

function buttonView(button: TemplateButton): Record<string, unknown> {
  switch (button.type) {
    case 'QUICK_REPLY':
      return { type: 'QUICK_REPLY', text: button.text };
    case 'URL':
      return { type: 'URL', text: button.text, url: button.url, ...(button.example === null ? {} : { example: [button.example] }) };
    case 'PHONE_NUMBER':
      return { type: 'PHONE_NUMBER', text: button.text, phone_number: button.phoneNumber };
    case 'COPY_CODE':
      return { type: 'COPY_CODE', example: button.example };
    case 'OTP':
      return { type: 'OTP', otp_type: button.otpType, ...(button.text === null ? {} : { text: button.text }) };
  }
}

function componentView(template: MessageTemplate, component: TemplateComponent): Record<string, unknown> {
  switch (component.type) {
    case 'HEADER': {
      if (component.format === 'TEXT') {
        const example = examples(template, component.examples, 'header');
        return { type: 'HEADER', format: 'TEXT', text: component.text, ...(example === undefined ? {} : { example }) };
      }
      if (component.format === 'LOCATION') return { type: 'HEADER', format: 'LOCATION' };
      return { type: 'HEADER', format: component.format, ...(component.example === null ? {} : { example: { header_handle: [component.example] } }) };
    }
    case 'BODY': {
      const example = examples(template, component.examples, 'body');
      return {
        type: 'BODY',
        ...(component.text === null ? {} : { text: component.text }),
        ...(component.addSecurityRecommendation === true ? { add_security_recommendation: true } : {}),
        ...(example === undefined ? {} : { example }),
      };
    }
    case 'FOOTER':
      return { type: 'FOOTER', ...(component.text === null ? {} : { text: component.text }), ...(component.codeExpirationMinutes === undefined ? {} : { code_expiration_minutes: component.codeExpirationMinutes }) };
    case 'BUTTONS':
      return { type: 'BUTTONS', buttons: component.buttons.map(buttonView) };
  }
}

export function templateFields(template: MessageTemplate): Record<string, unknown> {
  return {
    id: template.id,
    name: template.name,
    parameter_format: template.parameterFormat,
    components: template.components.map((component) => componentView(template, component)),
    language: template.language,
    status: template.status,
    category: template.category,
    sub_category: template.subCategory ?? undefined,
    previous_category: template.previousCategory ?? undefined,
    correct_category: template.correctCategory ?? undefined,
    rejected_reason: template.rejectedReason ?? 'NONE',
    quality_score: { score: template.quality, date: Math.floor((template.qualityUpdatedAt ?? template.createdAt) / 1000) },
    message_send_ttl_seconds: template.messageSendTtlSeconds ?? undefined,
  };
}

/** What `GET /{waba-id}/message_templates` returns for each template unless `fields` says otherwise. */
export const defaultTemplateFields = ['name', 'parameter_format', 'components', 'language', 'status', 'category', 'sub_category'];

export function findingView(entry: LintFinding): Record<string, unknown> {
  return { rule: entry.rule, severity: entry.severity, stage: entry.stage, location: { ...entry.location, path: formatLocation(entry.location) }, message: entry.message, hint: entry.hint };
}
