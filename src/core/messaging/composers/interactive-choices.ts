/** Reply buttons and lists: what the user taps or picks, answered by a button_reply or list_reply. */
import type { InteractiveAction } from '../../../wire/index.js';
import { fail, ok, type DomainError, type Result } from '../../shared/index.js';
import type { InteractiveContent, ListContent, TappableButton } from '../domain/content.model.js';
import { firstProblem, invalid, lengthProblem, missing } from './checks.js';

const action = "interactive['action']";

function duplicated(values: readonly string[]): boolean {
  return new Set(values).size !== values.length;
}

/** 1–3 reply buttons, each `{type: "reply", reply: {id, title}}` with a unique id and title. */
export function replyButtons(given: InteractiveAction): Result<Partial<InteractiveContent>, DomainError> {
  const buttons = given.buttons;
  if (buttons === undefined) return fail(missing(`${action}['buttons']`));
  if (buttons.length < 1 || buttons.length > 3) return fail(invalid('Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3'));
  for (const [index, button] of buttons.entries()) {
    const problem = firstProblem(
      () => (button.type === 'reply' ? undefined : invalid(`Param ${action}['buttons'][${index}]['type'] must be reply.`)),
      () => lengthProblem('Button title', button.reply.title, 20),
      () => lengthProblem('Button id', button.reply.id, 256),
      () => (button.reply.id.trim() === button.reply.id ? undefined : invalid('Button id cannot have leading or trailing whitespace.')),
    );
    if (problem !== undefined) return fail(problem);
  }
  if (duplicated(buttons.map((button) => button.reply.id))) return fail(invalid('Button ids must be unique within the message.'));
  if (duplicated(buttons.map((button) => button.reply.title))) return fail(invalid('Button titles must be unique within the message.'));
  const tappable: TappableButton[] = buttons.map((button) => ({ id: button.reply.id, title: button.reply.title, kind: 'reply' }));
  return ok({ buttons: tappable });
}

/** A list: its button label, 1–10 sections (titled when more than one) and at most 10 rows in all. */
export function list(given: InteractiveAction): Result<Partial<InteractiveContent>, DomainError> {
  if (given.button === undefined) return fail(missing(`${action}['button']`));
  const sections = given.sections;
  if (sections === undefined) return fail(missing(`${action}['sections']`));
  const problem = firstProblem(
    () => lengthProblem('Button text', given.button ?? '', 20),
    () => (sections.length < 1 || sections.length > 10 ? invalid('Invalid sections count. Min allowed sections: 1, Max allowed sections: 10') : undefined),
    () => (sections.reduce((total, section) => total + (section.rows?.length ?? 0), 0) > 10 ? invalid('Total row count exceed max allowed count: 10') : undefined),
  );
  if (problem !== undefined) return fail(problem);
  const built: ListContent['sections'][number][] = [];
  for (const [index, section] of sections.entries()) {
    const rows = section.rows;
    const sectionProblem = firstProblem(
      () => (sections.length > 1 && section.title === undefined ? missing(`${action}['sections'][${index}]['title']`) : undefined),
      () => (section.title === undefined ? undefined : lengthProblem('Section title', section.title, 24)),
      () => (rows === undefined ? missing(`${action}['sections'][${index}]['rows']`) : undefined),
      () => ((rows?.length ?? 0) === 0 ? invalid('Invalid rows count. Min allowed rows in a section: 1') : undefined),
      ...(rows ?? []).flatMap((row) => [
        () => lengthProblem('Row id', row.id, 200),
        () => lengthProblem('Row title', row.title, 24),
        () => (row.description === undefined ? undefined : lengthProblem('Row description', row.description, 72, 0)),
      ]),
    );
    if (sectionProblem !== undefined) return fail(sectionProblem);
    built.push({
      ...(section.title === undefined ? {} : { title: section.title }),
      rows: (rows ?? []).map((row) => ({ id: row.id, title: row.title, ...(row.description === undefined || row.description === '' ? {} : { description: row.description }) })),
    });
  }
  if (duplicated(built.flatMap((section) => section.rows.map((row) => row.id)))) return fail(invalid('Row ids must be unique within the list.'));
  return ok({ list: { button: given.button, sections: built } });
}
