import { messageVariablesBody } from '../../nodes/Octopods/helpers/messageVariables';
import { describeTemplate } from '../../nodes/Octopods/helpers/templateVariables';
import {
	hasState,
	isSendable,
	matchesLanguage,
	templateLabel,
	templateState,
	whyNotSendable,
} from '../../nodes/Octopods/helpers/templates';
import type { OctopodsTemplate } from '../../nodes/Octopods/transport/types';
import { ORIGINAL_TEMPLATE_537, TEMPLATE_2026 } from '../fixtures/octopodsDocs';

const withState = (template_status?: string, extra: Partial<OctopodsTemplate> = {}): OctopodsTemplate => ({
	...TEMPLATE_2026,
	template_name: 'winter_sale',
	template_status,
	...extra,
});

describe('template approval', () => {
	it.each(['Accepted', 'accepted', 'APPROVED'])('%s can be sent', (state) => {
		expect(isSendable(withState(state))).toBe(true);
	});

	it.each([
		['Pending', 'Pending'],
		['Under review', 'Under review'],
		['needs_modification', 'Needs modification'],
		['Rejected', 'Rejected'],
		['Deleted', 'Deleted'],
		['PAUSED', 'PAUSED'],
	])('%s is refused, naming the state as %s', (state, label) => {
		expect(whyNotSendable(withState(state))).toBe(
			`Template "winter_sale" is ${label} in Octopods; only Accepted templates can be sent`,
		);
	});

	it('without template_status (the original pages), active decides', () => {
		expect(isSendable(ORIGINAL_TEMPLATE_537)).toBe(true);
		expect(whyNotSendable({ ...ORIGINAL_TEMPLATE_537, active: false })).toMatch(/^The template "appointment_1" \(ID 537\) is not active/);
		expect(templateState(ORIGINAL_TEMPLATE_537)).toBeUndefined();
	});

	it('the Status filter on our side: by state, and a stateless active template counts as Accepted', () => {
		expect(hasState(withState('Under review'), 'under_review')).toBe(true);
		expect(hasState(withState('Pending'), 'accepted')).toBe(false);
		expect(hasState(ORIGINAL_TEMPLATE_537, 'accepted')).toBe(true);
		expect(hasState(ORIGINAL_TEMPLATE_537, 'pending')).toBe(false);
		expect(hasState({ ...ORIGINAL_TEMPLATE_537, active: false }, 'accepted')).toBe(false);
	});
});

describe('languages', () => {
	const inLanguage = (lang?: string): OctopodsTemplate => ({ ...TEMPLATE_2026, lang });

	it.each([
		['en', 'en', true],
		['en', 'en_US', true],
		['en', 'en-GB', true],
		['EN', 'en_us', true],
		['en_US', 'en_US', true],
		['en_US', 'en_GB', false],
		['en', 'es', false],
		['pt', 'pt_BR', true],
	])('filter %s vs language %s: %s', (filter, lang, expected) => {
		expect(matchesLanguage(inLanguage(lang), filter)).toBe(expected);
	});

	it('keeps a template without a language (the API already filtered it)', () => {
		expect(matchesLanguage(TEMPLATE_2026, 'en')).toBe(true);
	});

	it('pickers show the language when given, and the state where asked and not Accepted', () => {
		expect(templateLabel(TEMPLATE_2026)).toBe('order_shipped_v1');
		expect(templateLabel(inLanguage('en_US'))).toBe('order_shipped_v1 (en_US)');
		expect(templateLabel(withState('Pending', { lang: 'en_GB' }), true)).toBe('winter_sale (en_GB, Pending)');
		expect(templateLabel(withState('Accepted', { lang: 'en_GB' }), true)).toBe('winter_sale (en_GB)');
	});
});

describe('message_variables in the form both generations accept', () => {
	it('a body-only template (the 2026 list example: its text header has no placeholder): a plain array', () => {
		const shape = describeTemplate(TEMPLATE_2026);
		expect(messageVariablesBody(TEMPLATE_2026, shape, { body: ['Ana', 'A-17', 'Friday'] })).toEqual(['Ana', 'A-17', 'Friday']);
	});

	it('a template with a header placeholder (the original example 537): every section, empty ones included', () => {
		const shape = describeTemplate(ORIGINAL_TEMPLATE_537);
		expect(messageVariablesBody(ORIGINAL_TEMPLATE_537, shape, { header: ['Ana'], body: ['Ana', 'x'] })).toEqual({
			header: ['Ana'],
			body: ['Ana', 'x'],
			footer: [],
			buttons: [],
		});
	});

	it('a template without variables: nothing to send', () => {
		const template: OctopodsTemplate = { template_id: 1, template_name: 'hi', template_components: [{ type: 'BODY', text: 'Hi!' }] };
		expect(messageVariablesBody(template, describeTemplate(template), {})).toBeUndefined();
	});
});
