/**
 * Interactive messages (developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-messages):
 * what every type shares (header, body, footer, each with Meta's limits) and, by type, what its
 * action offers. The result is what the simulated phone draws and what a user can answer.
 */
import type { InteractiveAction, InteractiveHeader, InteractiveObject } from '../../../wire/index.js';
import { fail, ok, type DomainError, type Result } from '../../shared/index.js';
import type { InteractiveContent, InteractiveHeaderContent, InteractiveType } from '../domain/content.model.js';
import type { MessageComposer } from '../composers.js';
import type { ProductCatalog } from '../ports.js';
import { invalid, lengthProblem, missing } from './checks.js';
import { ctaUrl, flow, locationRequest } from './interactive-actions.js';
import { catalogMessage, product, productList } from './interactive-commerce.js';
import { list, replyButtons } from './interactive-choices.js';
import { mediaReferenceProblem } from './media.composer.js';

type ActionBuilder = (action: InteractiveAction, wabaId: string, catalog: ProductCatalog) => Result<Partial<InteractiveContent>, DomainError> | Promise<Result<Partial<InteractiveContent>, DomainError>>;

interface TypeRules {
  /** Which headers the type takes: none, text only, or text and media; `required` when it must have one. */
  readonly header: 'none' | 'text' | 'any';
  readonly headerRequired?: boolean;
  readonly bodyRequired: boolean;
  readonly bodyMax: number;
  readonly footer: boolean;
  readonly action: ActionBuilder;
}

const rules: Readonly<Record<InteractiveType, TypeRules>> = {
  button: { header: 'any', bodyRequired: true, bodyMax: 1024, footer: true, action: replyButtons },
  // Meta's list page allows a 4096-character body where its generic reference says 1024.
  list: { header: 'text', bodyRequired: true, bodyMax: 4096, footer: true, action: list },
  product: { header: 'none', bodyRequired: false, bodyMax: 1024, footer: true, action: product },
  product_list: { header: 'text', headerRequired: true, bodyRequired: true, bodyMax: 1024, footer: true, action: productList },
  catalog_message: { header: 'none', bodyRequired: true, bodyMax: 1024, footer: true, action: catalogMessage },
  cta_url: { header: 'any', bodyRequired: true, bodyMax: 1024, footer: true, action: ctaUrl },
  flow: { header: 'text', bodyRequired: true, bodyMax: 1024, footer: true, action: flow },
  location_request_message: { header: 'none', bodyRequired: true, bodyMax: 1024, footer: false, action: locationRequest },
};

function isInteractiveType(type: string): type is InteractiveType {
  return Object.hasOwn(rules, type);
}

function header(type: InteractiveType, given: InteractiveHeader): Result<InteractiveHeaderContent, DomainError> {
  const allowed = rules[type].header;
  if (allowed === 'none') return fail(invalid(`Param interactive['header'] is not allowed for interactive type ${type}.`));
  if (given.type === 'text') {
    if (given.text === undefined) return fail(missing("interactive['header']['text']"));
    const problem = lengthProblem('Header text', given.text, 60);
    return problem === undefined ? ok({ type: 'text', text: given.text }) : fail(problem);
  }
  if (given.type !== 'image' && given.type !== 'video' && given.type !== 'document') {
    return fail(invalid(`Param interactive['header']['type'] must be one of text, image, video or document.`));
  }
  if (allowed === 'text') return fail(invalid(`Header of type text is required for interactive type ${type}.`));
  const media = given[given.type];
  if (media === undefined) return fail(missing(`interactive['header']['${given.type}']`));
  const problem = mediaReferenceProblem(`interactive['header']['${given.type}']`, media);
  if (problem !== undefined) return fail(problem);
  return ok({ type: given.type, media: { ...(media.id === undefined ? {} : { id: media.id }), ...(media.link === undefined ? {} : { link: media.link }), ...(media.filename === undefined ? {} : { filename: media.filename }) } });
}

/** Header, body and footer of an interactive message of this type, or the first rule they break. */
function frame(type: InteractiveType, given: InteractiveObject): Result<Pick<InteractiveContent, 'header' | 'body' | 'footer'>, DomainError> {
  const typeRules = rules[type];
  let built: InteractiveHeaderContent | undefined;
  if (given.header !== undefined) {
    const result = header(type, given.header);
    if (!result.ok) return result;
    built = result.value;
  } else if (typeRules.headerRequired === true) return fail(missing("interactive['header']"));
  if (given.body === undefined && typeRules.bodyRequired) return fail(missing("interactive['body']"));
  const bodyProblem = given.body === undefined ? undefined : lengthProblem('Body text', given.body.text, typeRules.bodyMax);
  if (bodyProblem !== undefined) return fail(bodyProblem);
  if (given.footer !== undefined && !typeRules.footer) return fail(invalid(`Param interactive['footer'] is not allowed for interactive type ${type}.`));
  const footerProblem = given.footer === undefined ? undefined : lengthProblem('Footer text', given.footer.text, 60);
  if (footerProblem !== undefined) return fail(footerProblem);
  return ok({
    ...(built === undefined ? {} : { header: built }),
    ...(given.body === undefined ? {} : { body: given.body.text }),
    ...(given.footer === undefined ? {} : { footer: given.footer.text }),
  });
}

/** Every interactive type; product types look their products up in the sending WABA's catalog. */
export function interactiveComposer(deps: { readonly catalog: ProductCatalog }): MessageComposer {
  return {
    type: 'interactive',
    async compose({ body, number }) {
      const given = body.interactive;
      if (given === undefined) return fail(missing('interactive'));
      if (!isInteractiveType(given.type)) {
        return fail(invalid(`Param interactive['type'] must be one of ${Object.keys(rules).join(', ')}; '${given.type}' is not an interactive type.`));
      }
      const type = given.type;
      const framed = frame(type, given);
      if (!framed.ok) return framed;
      const offered = await rules[type].action(given.action, number.wabaId, deps.catalog);
      if (!offered.ok) return offered;
      const content: InteractiveContent = { type, ...framed.value, ...offered.value };
      return ok({ type: 'interactive', content: { ...content }, category: 'service' });
    },
  };
}
