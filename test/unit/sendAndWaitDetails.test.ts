import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';

import { description } from '../../nodes/Octopods/actions/message/sendAndWait.operation';
import { SendAndWaitInputError } from '../../nodes/Octopods/helpers/sendAndWait/errors';
import { checkButtonLabel, checkQuestion, pageQuestion, placeLink } from '../../nodes/Octopods/helpers/sendAndWait/message';
import { questionPage } from '../../nodes/Octopods/helpers/sendAndWait/page';
import { buildQuestion } from '../../nodes/Octopods/helpers/sendAndWait/question';
import { waitTillOf } from '../../nodes/Octopods/helpers/sendAndWait/waitTill';
import { describeTemplate } from '../../nodes/Octopods/helpers/templateVariables';
import type { OctopodsTemplate } from '../../nodes/Octopods/transport/types';

const NOW = new Date('2026-12-06T12:00:00.000Z');
const LINK = 'https://n8n.example.com/webhook-waiting/42/node-1?signature=abc';
const BASE = 'https://n8n.example.com/webhook-waiting';

/** Every display name the editor can show for Send and Wait, options and collections' values included. */
function displayNames(properties: Array<INodeProperties | INodePropertyCollection>): string[] {
	return properties.flatMap((property) => {
		const nested = 'values' in property ? property.values : 'options' in property ? property.options : [];
		const children = (nested ?? []).filter((child): child is INodeProperties | INodePropertyCollection => 'displayName' in child);
		return [property.displayName, ...displayNames(children)];
	});
}

function errorOf(check: () => unknown): SendAndWaitInputError {
	try {
		check();
	} catch (error) {
		if (error instanceof SendAndWaitInputError) return error;
		throw error;
	}
	throw new Error('the check passed');
}

const questionWith = (extra: Partial<Parameters<typeof buildQuestion>[0]>) => () =>
	buildQuestion({ message: 'Refund?', responseType: 'approval', approvalOptions: {}, formFields: [], submitLabel: '', ...extra });
const long = 'x'.repeat(61);
const template = (components: OctopodsTemplate['template_components']): OctopodsTemplate => ({
	template_id: 1,
	template_name: 'approval',
	template_components: components,
});
const noPlace = template([{ type: 'BODY', text: 'Hello' }]);
const twoBodies = template([{ type: 'BODY', text: 'Hi {{1}}, answer: {{2}}' }]);
const headerAndBody = template([
	{ type: 'HEADER', format: 'TEXT', text: 'Hi {{1}}' } as OctopodsTemplate['template_components'][number],
	{ type: 'BODY', text: 'Answer: {{1}}' },
]);

describe('Send and Wait field errors', () => {
	const shown = new Set(displayNames(description));
	const errors: Array<[string, () => unknown]> = [
		['a Message Button Label over 20 characters', () => checkButtonLabel('A label of 25 characters!')],
		['an empty Message Button Label', () => checkButtonLabel(' ')],
		['an empty Message', () => pageQuestion(' ')],
		['a Message over 1,024 characters in an interactive body', () => checkQuestion('x'.repeat(1025))],
		['a long Approve Button Label', questionWith({ approvalOptions: { approveLabel: long } })],
		['a long Disapprove Button Label', questionWith({ approvalOptions: { approvalType: 'double', disapproveLabel: long } })],
		['a long Response Form Button Label', questionWith({ submitLabel: long })],
		['a zero Amount', () => waitTillOf({ limitType: 'afterTimeInterval', resumeAmount: 0 }, NOW)],
		['a Max Date and Time that is not one', () => waitTillOf({ limitType: 'atSpecifiedTime', maxDateAndTime: 'soon' }, NOW)],
		['a template without a place for the link', () => placeLink(noPlace, describeTemplate(noPlace), {}, '', LINK, BASE)],
		['an empty Link Variable with two candidates', () => placeLink(twoBodies, describeTemplate(twoBodies), {}, '', LINK, BASE)],
		['a Link Variable the template lacks', () => placeLink(twoBodies, describeTemplate(twoBodies), {}, 'Body {{3}}', LINK, BASE)],
		['a Link Variable that is a header', () => placeLink(headerAndBody, describeTemplate(headerAndBody), {}, 'Header {{1}}', LINK, BASE)],
	];

	it.each(errors)('%s names a field the editor shows, in the field and in the message', (_case, check) => {
		const error = errorOf(check);
		for (const part of error.field.split(': ')) expect(shown).toContain(part);
		const last = error.field.split(': ').pop() ?? '';
		expect(error.message).toContain(last);
	});

	it('says "Message Button Label is 25 characters long" for the option the editor calls so', () => {
		expect(shown).toContain('Message Button Label');
		expect(errorOf(() => checkButtonLabel('A label of 25 characters!')).message).toBe(
			'Message Button Label is 25 characters long; WhatsApp allows at most 20',
		);
	});
});

describe('the page title', () => {
	const titleOf = (message: string) => {
		const html = questionPage(questionWith({ message })());
		return /<title>(.*)<\/title>/s.exec(html)?.[1];
	};
	const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

	it('is the question when it fits 60 characters as a person counts them, an emoji with its skin tone whole', () => {
		const message = `${'a'.repeat(57)}👍🏽ok`;
		expect(titleOf(message)).toBe(message);
	});

	it('cuts a longer question between characters, never inside an emoji, and says it was cut', () => {
		const title = titleOf(`${'a'.repeat(59)}😀 and the rest of the question`);
		expect(title).toBe(`${'a'.repeat(59)}…`);
		expect(title).not.toMatch(loneSurrogate);
		expect(titleOf(`${'a'.repeat(58)}👨‍👩‍👧 and more`)).toBe(`${'a'.repeat(58)}👨‍👩‍👧…`);
	});
});
