/**
 * A template send (`type: template`): the request's parameters checked against the approved
 * template, and the message as the user's phone shows it (header, hydrated body, footer, buttons).
 * Errors carry Meta's codes: 132000 count, 132012 format, 132008 value, 132007 characters, 132005 length.
 */
import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import { authenticationBody, authenticationFooter } from './authentication-text.js';
import { limits } from './lint-limits.rules.js';
import { hasForbiddenWhitespace } from './lint-variables.rules.js';
import { fillPlaceholders, variableNames } from './placeholders.js';
import { bodyOf, buttonsOf, footerOf, headerOf, type MessageTemplate } from './template.model.js';

type Json = Readonly<Record<string, unknown>>;

export type ButtonKind = 'quick_reply' | 'url' | 'phone_number' | 'copy_code' | 'otp';

/** A button as the phone shows it; a tap on a `quick_reply` sends `payload` back in a `button` message. */
export interface RenderedButton {
  readonly id: string;
  readonly title: string;
  readonly kind: ButtonKind;
  readonly payload?: string;
  readonly url?: string;
  readonly phone_number?: string;
  readonly code?: string;
}

export type RenderedHeader =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'image' | 'video' | 'document'; readonly media: { readonly id?: string; readonly link?: string; readonly filename?: string } }
  | { readonly type: 'location'; readonly location: Json };

export interface TemplateMessageContent {
  readonly body: string;
  readonly header?: RenderedHeader;
  readonly footer?: string;
  readonly buttons?: readonly RenderedButton[];
  readonly template: { readonly name: string; readonly language: string; readonly id: string; readonly category: string };
  readonly [extra: string]: unknown;
}

interface SendComponent {
  readonly type: string;
  readonly subType: string | undefined;
  readonly index: unknown;
  readonly parameters: readonly Json[];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const bad = (code: Parameters<typeof domainError>[0], details: string): { ok: false; error: DomainError } => fail(domainError(code, details));

function sendComponents(raw: unknown): Result<SendComponent[], DomainError> {
  if (raw === undefined) return ok([]);
  if (!Array.isArray(raw)) return bad('PARAMETER_INVALID', 'Param template[\'components\'] must be an array.');
  const components: SendComponent[] = [];
  for (const entry of raw) {
    if (!isObject(entry) || typeof entry['type'] !== 'string') return bad('PARAMETER_INVALID', 'Each template component needs a type: header, body or button.');
    const parameters = entry['parameters'] === undefined ? [] : entry['parameters'];
    if (!Array.isArray(parameters) || !parameters.every(isObject)) return bad('PARAMETER_INVALID', `The ${entry['type']} component's parameters must be an array of objects.`);
    components.push({ type: entry['type'].toLowerCase(), subType: typeof entry['sub_type'] === 'string' ? entry['sub_type'].toLowerCase() : undefined, index: entry['index'], parameters: parameters as Json[] });
  }
  return ok(components);
}

/** The text a text-like parameter puts in place of its variable. */
function textValue(parameter: Json, where: string): Result<string, DomainError> {
  const type = parameter['type'];
  const value =
    type === 'text' ? parameter['text'] : type === 'currency' && isObject(parameter['currency']) ? parameter['currency']['fallback_value'] : type === 'date_time' && isObject(parameter['date_time']) ? parameter['date_time']['fallback_value'] : undefined;
  if (type !== 'text' && type !== 'currency' && type !== 'date_time') return bad('TEMPLATE_PARAMETER_FORMAT', `${where}: a ${String(type)} parameter cannot fill a text variable; use text, currency or date_time.`);
  if (typeof value !== 'string' || value.length === 0) return bad('TEMPLATE_PARAMETER_INVALID', `${where}: the ${type} parameter has no ${type === 'text' ? 'text' : 'fallback_value'}.`);
  if (hasForbiddenWhitespace(value)) return bad('TEMPLATE_CHARACTER_POLICY', `${where}: parameter text cannot have newlines, tabs or more than 4 consecutive spaces.`);
  return ok(value);
}

/** Fills `names` from positional or named parameters; `where` names the component in errors. */
function fill(template: MessageTemplate, names: readonly string[], parameters: readonly Json[], where: string): Result<Map<string, string>, DomainError> {
  const values = new Map<string, string>();
  if (template.parameterFormat === 'NAMED') {
    for (const parameter of parameters) {
      const name = parameter['parameter_name'];
      if (typeof name !== 'string') return bad('TEMPLATE_PARAMETER_FORMAT', `${where}: template ${template.name} uses named parameters; give each a parameter_name.`);
      if (!names.includes(name)) return bad('TEMPLATE_PARAMETER_COUNT', `${where}: template ${template.name} has no parameter named ${name}; it expects ${names.join(', ') || 'none'}.`);
      const value = textValue(parameter, `${where} parameter ${name}`);
      if (!value.ok) return value;
      values.set(name, value.value);
    }
    const missing = names.filter((name) => !values.has(name));
    if (missing.length > 0) return bad('TEMPLATE_PARAMETER_COUNT', `${where}: expected parameters ${names.join(', ')}, missing ${missing.join(', ')}.`);
    return ok(values);
  }
  if (parameters.length !== names.length) return bad('TEMPLATE_PARAMETER_COUNT', `${where}: number of localizable_params (${parameters.length}) does not match the expected number of params (${names.length}).`);
  for (const [index, parameter] of parameters.entries()) {
    if (typeof parameter['parameter_name'] === 'string') return bad('TEMPLATE_PARAMETER_FORMAT', `${where}: template ${template.name} uses positional parameters; leave out parameter_name.`);
    const value = textValue(parameter, `${where} parameter ${index + 1}`);
    if (!value.ok) return value;
    values.set(names[index] ?? String(index + 1), value.value);
  }
  return ok(values);
}

function mediaHeader(format: 'image' | 'video' | 'document', parameters: readonly Json[]): Result<RenderedHeader, DomainError> {
  const [parameter] = parameters;
  if (parameter === undefined || parameters.length !== 1) return bad('TEMPLATE_PARAMETER_COUNT', `header: the template has a ${format.toUpperCase()} header, so the send needs one ${format} parameter; received ${parameters.length}.`);
  if (parameter['type'] !== format) return bad('TEMPLATE_PARAMETER_FORMAT', `header: expected a ${format} parameter, received ${String(parameter['type'])}.`);
  const media = parameter[format];
  if (!isObject(media)) return bad('TEMPLATE_PARAMETER_INVALID', `header: the ${format} parameter needs an object with id or link.`);
  const id = typeof media['id'] === 'string' && media['id'].length > 0 ? media['id'] : undefined;
  const link = typeof media['link'] === 'string' && media['link'].length > 0 ? media['link'] : undefined;
  if ((id === undefined) === (link === undefined)) return bad('TEMPLATE_PARAMETER_INVALID', `header: the ${format} parameter needs exactly one of id and link.`);
  if (link !== undefined && !/^https?:\/\//i.test(link)) return bad('TEMPLATE_PARAMETER_INVALID', `header: the ${format} link must be an http(s) URL.`);
  const filename = typeof media['filename'] === 'string' ? media['filename'] : undefined;
  return ok({ type: format, media: { ...(id === undefined ? {} : { id }), ...(link === undefined ? {} : { link }), ...(filename === undefined ? {} : { filename }) } });
}

function renderHeader(template: MessageTemplate, component: SendComponent | undefined): Result<RenderedHeader | undefined, DomainError> {
  const header = headerOf(template);
  const parameters = component?.parameters ?? [];
  if (header === undefined) return parameters.length > 0 ? bad('TEMPLATE_PARAMETER_COUNT', `header: template ${template.name} has no header, yet the send gives ${parameters.length} header parameter(s).`) : ok(undefined);
  if (header.format === 'TEXT') {
    const values = fill(template, variableNames(header.text), parameters, 'header');
    if (!values.ok) return values;
    const text = fillPlaceholders(header.text, values.value);
    if (text.length > limits.headerText) return bad('TEMPLATE_TEXT_TOO_LONG', `header: the hydrated header has ${text.length} characters; the limit is ${limits.headerText}.`);
    return ok({ type: 'text', text });
  }
  if (header.format === 'LOCATION') {
    const [parameter] = parameters;
    if (parameter === undefined || parameters.length !== 1) return bad('TEMPLATE_PARAMETER_COUNT', 'header: the template has a LOCATION header, so the send needs one location parameter.');
    const location = parameter['location'];
    if (parameter['type'] !== 'location') return bad('TEMPLATE_PARAMETER_FORMAT', `header: expected a location parameter, received ${String(parameter['type'])}.`);
    if (!isObject(location) || typeof location['latitude'] !== 'number' || typeof location['longitude'] !== 'number') return bad('TEMPLATE_PARAMETER_INVALID', 'header: the location parameter needs numeric latitude and longitude.');
    return ok({ type: 'location', location });
  }
  return mediaHeader(header.format.toLowerCase() as 'image' | 'video' | 'document', parameters);
}

function buttonIndex(raw: unknown): number | undefined {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[0-9]$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isInteger(value) && value >= 0 && value <= 9 ? value : undefined;
}

function renderButtons(template: MessageTemplate, components: readonly SendComponent[], code: string | undefined): Result<RenderedButton[], DomainError> {
  const buttons = buttonsOf(template);
  const given = new Map<number, SendComponent>();
  for (const component of components) {
    const index = buttonIndex(component.index);
    if (index === undefined) return bad('PARAMETER_INVALID', `button: index must be "0" to "9"; received ${JSON.stringify(component.index)}.`);
    const button = buttons[index];
    if (button === undefined) return bad('TEMPLATE_PARAMETER_FORMAT', `button ${index}: template ${template.name} has ${buttons.length} button(s).`);
    const expected = button.type === 'OTP' ? 'url' : button.type.toLowerCase();
    if (component.subType !== expected && !(button.type === 'OTP' && component.subType === 'copy_code')) {
      return bad('TEMPLATE_PARAMETER_FORMAT', `button ${index}: the template's button is ${button.type}, so sub_type must be ${expected}; received ${String(component.subType)}.`);
    }
    given.set(index, component);
  }
  const rendered: RenderedButton[] = [];
  for (const [index, button] of buttons.entries()) {
    const parameter = given.get(index)?.parameters[0];
    const id = String(index);
    if (button.type === 'QUICK_REPLY') {
      const payload = parameter?.['payload'];
      if (parameter !== undefined && (parameter['type'] !== 'payload' || typeof payload !== 'string' || payload.length === 0)) return bad('TEMPLATE_PARAMETER_INVALID', `button ${index}: a quick_reply parameter is {"type":"payload","payload":"…"}.`);
      rendered.push({ id, title: button.text, kind: 'quick_reply', payload: typeof payload === 'string' ? payload : button.text });
    } else if (button.type === 'URL') {
      const needs = variableNames(button.url).length > 0;
      if (needs && parameter === undefined) return bad('TEMPLATE_PARAMETER_COUNT', `button ${index}: the URL button has a variable, so the send needs a button component with one text parameter.`);
      const value = needs && parameter !== undefined ? textValue(parameter, `button ${index}`) : ok('');
      if (!value.ok) return value;
      rendered.push({ id, title: button.text, kind: 'url', url: needs ? fillPlaceholders(button.url, new Map([['1', value.value]])) : button.url });
    } else if (button.type === 'PHONE_NUMBER') {
      rendered.push({ id, title: button.text, kind: 'phone_number', phone_number: button.phoneNumber });
    } else if (button.type === 'COPY_CODE') {
      const coupon = parameter?.['coupon_code'];
      if (parameter === undefined) return bad('TEMPLATE_PARAMETER_COUNT', `button ${index}: a copy_code button needs {"type":"coupon_code","coupon_code":"…"}.`);
      if (parameter['type'] !== 'coupon_code' || typeof coupon !== 'string' || coupon.length === 0 || coupon.length > limits.couponCode) return bad('TEMPLATE_PARAMETER_INVALID', `button ${index}: coupon_code must be 1 to ${limits.couponCode} characters.`);
      rendered.push({ id, title: 'Copy code', kind: 'copy_code', code: coupon });
    } else {
      const given = parameter === undefined ? undefined : textValue(parameter, `button ${index}`);
      if (given !== undefined && !given.ok) return given;
      rendered.push({ id, title: button.text ?? (button.otpType === 'COPY_CODE' ? 'Copy code' : 'Autofill'), kind: 'otp', ...(code === undefined ? {} : { code: given?.value ?? code }) });
    }
  }
  return ok(rendered);
}

/** Checks a send's parameters against the template and renders what the phone shows. */
export function composeTemplateMessage(template: MessageTemplate, rawComponents: unknown): Result<TemplateMessageContent, DomainError> {
  const components = sendComponents(rawComponents);
  if (!components.ok) return components;
  const headerComponent = components.value.find((component) => component.type === 'header');
  const bodyComponent = components.value.find((component) => component.type === 'body');
  const buttonComponents = components.value.filter((component) => component.type === 'button');
  const unknown = components.value.find((component) => component.type !== 'header' && component.type !== 'body' && component.type !== 'button');
  if (unknown !== undefined) return bad('TEMPLATE_PARAMETER_FORMAT', `Component type ${unknown.type} is not one of header, body, button.`);
  const header = renderHeader(template, headerComponent);
  if (!header.ok) return header;
  const body = bodyOf(template);
  const authentication = template.category === 'AUTHENTICATION';
  const bodyText = authentication ? authenticationBody(template.language, body?.addSecurityRecommendation === true) : (body?.text ?? '');
  const values = fill(template, variableNames(bodyText), bodyComponent?.parameters ?? [], 'body');
  if (!values.ok) return values;
  const hydrated = fillPlaceholders(bodyText, values.value);
  const bodyLimit = template.components.length > 1 ? limits.body : 32_768;
  if (hydrated.length > bodyLimit) return bad('TEMPLATE_TEXT_TOO_LONG', `body: the hydrated body has ${hydrated.length} characters; the limit is ${bodyLimit}.`);
  const buttons = renderButtons(template, buttonComponents, authentication ? values.value.get('1') : undefined);
  if (!buttons.ok) return buttons;
  const footer = authentication ? authenticationFooter(template.language, footerOf(template)?.codeExpirationMinutes) : (footerOf(template)?.text ?? null);
  return ok({
    body: hydrated,
    ...(header.value === undefined ? {} : { header: header.value }),
    ...(footer === null ? {} : { footer }),
    ...(buttons.value.length === 0 ? {} : { buttons: buttons.value }),
    template: { name: template.name, language: template.language, id: template.id, category: template.category.toLowerCase() },
  });
}
