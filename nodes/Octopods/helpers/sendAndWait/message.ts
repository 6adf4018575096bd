/**
 * The WhatsApp message that carries the link: inside the 24-hour window an interactive `cta_url`
 * message (body = the question, one button opening the page); outside it an approved template with
 * the link in a variable the user picks.
 */
import type { MessageVariables, OctopodsTemplate } from '../../transport/types';
import { countCharacters, LIMITS, type WabaInteractiveMessage } from '../interactive';
import type { TemplateShape, TemplateVariable } from '../templateVariables';
import { SendAndWaitInputError } from './errors';

/** WhatsApp's cta_url button: display_text up to 20 characters; the body as other interactive bodies. */
export const CTA_LIMITS = { displayText: 20, body: LIMITS.body } as const;

/** Field names as the editor shows them (the display names in actions/sendAndWait/descriptions.ts). */
export const MESSAGE_FIELD = 'Message';
export const BUTTON_LABEL_FIELD = 'Message Button Label';
export const LINK_VARIABLE_FIELD = 'Link Variable';

function checkText(text: string, field: string, max: number): string {
	const trimmed = text.trim();
	if (trimmed === '') throw new SendAndWaitInputError(field, `${field} is empty; WhatsApp needs 1 to ${max} characters`);
	const length = countCharacters(trimmed);
	if (length > max) {
		throw new SendAndWaitInputError(field, `${field} is ${length} characters long; WhatsApp allows at most ${max}`);
	}
	return trimmed;
}

/** The question as the page's heading: any length, as no WhatsApp message carries it (Template). */
export function pageQuestion(message: string): string {
	const question = message.replace(/\\n/g, '\n').trim();
	if (question === '') throw new SendAndWaitInputError(MESSAGE_FIELD, `${MESSAGE_FIELD} is empty: write the question the person answers`);
	return question;
}

/** The question as an interactive message's body, within WhatsApp's limit. */
export function checkQuestion(message: string): string {
	return checkText(message.replace(/\\n/g, '\n'), MESSAGE_FIELD, CTA_LIMITS.body);
}

export function checkButtonLabel(label: string): string {
	return checkText(label, BUTTON_LABEL_FIELD, CTA_LIMITS.displayText);
}

export function ctaUrlMessage(question: string, buttonLabel: string, url: string): WabaInteractiveMessage {
	return {
		type: 'cta_url',
		body: { text: checkQuestion(question) },
		action: { name: 'cta_url', parameters: { display_text: checkButtonLabel(buttonLabel), url } },
	};
}

/** The part of a URL button's address before its variable: what WhatsApp puts in front of the value. */
function urlBase(variable: TemplateVariable): string {
	const at = variable.context.indexOf('{{');
	return at === -1 ? variable.context : variable.context.slice(0, at);
}

/** Variables that can carry the link: body variables, and URL buttons whose base is this n8n's waiting URL. */
export function linkCandidates(shape: TemplateShape, link: string): TemplateVariable[] {
	return shape.variables.filter(
		(variable) => variable.section === 'body' || (variable.section === 'buttons' && link.startsWith(urlBase(variable))),
	);
}

const simplified = (text: string) => text.toLowerCase().replace(/[\s{}]/g, '');

/** Link Variable as typed: the field's id (body_2, button_1_url) or its name (Body {{2}}, Button 1 URL Suffix). */
function findVariable(shape: TemplateShape, wanted: string): TemplateVariable | undefined {
	const key = simplified(wanted);
	return shape.variables.find((variable) => simplified(variable.id) === key || simplified(variable.displayName) === key);
}

function names(variables: TemplateVariable[]): string {
	return variables.map((variable) => variable.displayName).join(', ');
}

/**
 * The template's variables with the link placed: the whole link in a body variable, or what follows
 * a URL button's base. Refused before sending when the template has no such place, or the chosen one
 * cannot carry it. Empty Link Variable: the one URL button pointing at this n8n, else the only body variable.
 */
export function placeLink(
	template: OctopodsTemplate,
	shape: TemplateShape,
	variables: MessageVariables,
	linkVariable: string,
	link: string,
	waitingBase: string,
): MessageVariables {
	const candidates = linkCandidates(shape, link);
	const name = `Template "${template.template_name}"`;
	if (candidates.length === 0) {
		const buttons = shape.variables.filter((variable) => variable.section === 'buttons');
		const why = buttons.length
			? ` (its URL buttons start with ${buttons.map(urlBase).join(', ')}, not this n8n's waiting URL ${waitingBase}/)`
			: '';
		throw new SendAndWaitInputError(
			'Template',
			`${name} has no place for the answer link: it needs a body variable or a URL button whose address starts with ${waitingBase}/${why}`,
		);
	}
	let chosen: TemplateVariable | undefined;
	if (linkVariable.trim() === '') {
		const buttons = candidates.filter((variable) => variable.section === 'buttons');
		const bodies = candidates.filter((variable) => variable.section === 'body');
		chosen = buttons.length === 1 ? buttons[0] : buttons.length === 0 && bodies.length === 1 ? bodies[0] : undefined;
		if (!chosen) {
			throw new SendAndWaitInputError(LINK_VARIABLE_FIELD, `${LINK_VARIABLE_FIELD} is empty: say which variable of ${name} carries the link (${names(candidates)})`);
		}
	} else {
		chosen = findVariable(shape, linkVariable);
		if (!chosen) {
			throw new SendAndWaitInputError(LINK_VARIABLE_FIELD, `${LINK_VARIABLE_FIELD}: ${name} has no variable "${linkVariable.trim()}"; the link can go in ${names(candidates)}`);
		}
		if (!candidates.includes(chosen)) {
			const why =
				chosen.section === 'buttons'
					? `its address starts with ${urlBase(chosen)}, not this n8n's waiting URL ${waitingBase}/`
					: 'a header is too short for a link';
			throw new SendAndWaitInputError(LINK_VARIABLE_FIELD, `${LINK_VARIABLE_FIELD}: ${chosen.displayName} cannot carry the link: ${why}. Use ${names(candidates)}`);
		}
	}
	const count = shape.counts[chosen.section];
	const values = [...(variables[chosen.section] ?? [])];
	while (values.length < count) values.push('');
	values[chosen.position] = chosen.section === 'body' ? link : link.slice(urlBase(chosen).length);
	return { ...variables, [chosen.section]: values };
}
