import {
	advanceTemplates,
	type Confirmation,
	impliedTemplateEvents,
	type KnownTemplate,
	MAX_CONFIRMATIONS_PER_POLL,
	missingTemplates,
	readTemplate,
	readTemplateList,
	readTemplateState,
	templateBaseline,
	type TemplateEvent,
	type TemplateFilter,
} from '../../nodes/Octopods/helpers/templatePoll';
import { ORIGINAL_TEMPLATE_537, ORIGINAL_TEMPLATE_539, TEMPLATE_2026 } from '../fixtures/octopodsDocs';

const row = (id: number, extra: Record<string, unknown> = {}) => ({
	template_id: id,
	template_name: `t${id}`,
	template_components: [],
	lang: 'en_US',
	template_status: 'Accepted',
	active: true,
	...extra,
});
const ALL: TemplateEvent[] = ['templateAnyChange'];

/** One poll after a baseline of `before`: the events as [id, event] pairs, and the outcome. */
function poll(
	before: unknown[],
	after: unknown[],
	options: { confirmations?: Confirmation[]; selected?: TemplateEvent[]; filter?: TemplateFilter } = {},
) {
	const state = templateBaseline(readTemplateList(before)!);
	const outcome = advanceTemplates(state, readTemplateList(after)!, options.confirmations ?? [], options.selected ?? ALL, options.filter);
	return { outcome, events: outcome.events.map(({ event, template }) => [template.template_id, event]) };
}

describe('reading template answers of both generations', () => {
	it('reads the docs’ own templates: the original pages (active, no template_status) and the 2026 articles', () => {
		expect(readTemplate(ORIGINAL_TEMPLATE_539)).toEqual({ template_id: 539, template_name: 'account_update_1' });
		expect(readTemplate({ ...ORIGINAL_TEMPLATE_537, active: false })).toMatchObject({ template_id: 537, active: false });
		expect(readTemplate(TEMPLATE_2026)).toMatchObject({ status: 'Accepted' });
	});

	it('skips and counts a row it cannot read, and uses the rest', () => {
		const list = readTemplateList([
			row(1),
			{ template_name: 'no id' },
			row(2, { template_status: 'Paused by robots' }),
			row(3, { active: 'maybe' }),
			row(4, { template_status: 7 }),
			'text',
			row(1),
		]);
		expect(list).toEqual({ templates: [expect.objectContaining({ template_id: 1 })], skipped: 6 });
	});

	it('reads any other shape as no list at all', () => {
		expect(readTemplateList({ data: [row(1)] })).toBeUndefined();
		expect(readTemplateList(null)).toBeUndefined();
	});

	it('reads back only a state of its own', () => {
		expect(readTemplateState(undefined)).toBeUndefined();
		expect(readTemplateState({ version: 2, known: [] })).toBeUndefined();
		const kept = { template_id: 1, template_name: 't1', language: 'en_US', status: 'Needs modification', active: false };
		expect(readTemplateState({ version: 1, known: [kept, { junk: true }, { ...kept, status: 'Paused' }] })?.known).toEqual([kept]);
	});
});

describe('impliedTemplateEvents', () => {
	const known = (status: string | undefined, active: boolean | undefined): KnownTemplate => ({
		template_id: 1,
		template_name: 't1',
		...(status ? { status } : {}),
		...(active === undefined ? {} : { active }),
	});
	it.each<[KnownTemplate | undefined, KnownTemplate, string[]]>([
		[known('Pending', true), known('Accepted', true), ['templateApproved']],
		[known('Pending', true), known('Rejected', true), ['templateRejected']],
		[known('Accepted', true), known('Needs modification', true), ['templateNeedsModification']],
		[known('Accepted', true), known('Deleted', true), ['templateDeleted']],
		[known('Accepted', true), known('Accepted', false), ['templatePaused']],
		[known('Accepted', false), known('Accepted', true), ['templateReactivated']],
		[known('Accepted', true), known('Rejected', false), ['templateRejected', 'templatePaused']],
		[known('Pending', true), known('Under review', true), ['templateChanged']],
		[known(undefined, true), known(undefined, false), ['templatePaused']],
		[known('Accepted', true), known('Accepted', true), []],
		// A field the answer leaves out is no change.
		[known('Accepted', true), known(undefined, undefined), []],
		[undefined, known('Pending', true), ['templateChanged']],
		[undefined, known('Accepted', false), ['templateApproved']],
	])('%j → %j: %j', (previous, current, expected) => {
		expect(impliedTemplateEvents(previous, current)).toEqual(expected);
	});
});

describe('advanceTemplates', () => {
	it('reports a status change and an active change once, with the previous and new values', () => {
		const { outcome, events } = poll([row(1), row(2)], [row(1, { template_status: 'Rejected' }), row(2, { active: false })]);
		expect(events).toEqual([
			[1, 'templateRejected'],
			[2, 'templatePaused'],
		]);
		expect(outcome.events[0]).toMatchObject({ previous_status: 'Accepted', previous_active: true, template: { status: 'Rejected' } });
		const again = advanceTemplates(outcome.state, readTemplateList([row(1, { template_status: 'Rejected' }), row(2, { active: false })])!, [], ALL, undefined);
		expect(again.events).toEqual([]);
	});

	it('reports nothing for the baseline and nothing when nothing changed', () => {
		expect(poll([row(1)], [row(1)]).events).toEqual([]);
	});

	it('reports only the selected events, and only for the filtered template (by ID or every language of a name)', () => {
		const before = [row(1), row(2, { template_name: 'promo' }), row(3, { template_name: 'promo', lang: 'es' })];
		const after = [row(1, { active: false }), row(2, { template_name: 'promo', active: false }), row(3, { template_name: 'promo', lang: 'es', template_status: 'Rejected' })];
		expect(poll(before, after, { selected: ['templatePaused'] }).events).toEqual([
			[1, 'templatePaused'],
			[2, 'templatePaused'],
		]);
		expect(poll(before, after, { filter: { id: '2' } }).events).toEqual([[2, 'templatePaused']]);
		expect(poll(before, after, { filter: { name: 'PROMO' } }).events).toEqual([
			[2, 'templatePaused'],
			[3, 'templateRejected'],
		]);
	});

	it('keeps a template missing from one answer until its own GET says 404, then reports it deleted once', () => {
		const missing = poll([row(1), row(2)], [row(1)]);
		expect(missingTemplates(templateBaseline(readTemplateList([row(1), row(2)])!), readTemplateList([row(1)])!)).toEqual(['2']);
		// Not confirmed (the GET failed, or was not made): kept as it was, nothing reported.
		expect(missing.events).toEqual([]);
		expect(missing.outcome.state.known.map((t) => t.template_id)).toEqual([1, 2]);
		const failed = poll([row(1), row(2)], [row(1)], { confirmations: [{ id: '2', error: 'HTTP 500' }] });
		expect(failed.outcome.state.known.map((t) => t.template_id)).toEqual([1, 2]);

		const gone = poll([row(1), row(2)], [row(1)], { confirmations: [{ id: '2', gone: true }] });
		expect(gone.events).toEqual([[2, 'templateDeleted']]);
		expect(gone.outcome.events[0]).toMatchObject({ previous_status: 'Accepted', template: { template_name: 't2', status: 'Deleted' } });
		expect(gone.outcome.state.known.map((t) => t.template_id)).toEqual([1]);
	});

	it('reads a missing template from its own GET: a change seen there is reported, and it is not deleted', () => {
		const confirmations: Confirmation[] = [{ id: '2', template: readTemplate(row(2, { active: false }))! }];
		const { events, outcome } = poll([row(1), row(2)], [row(1)], { confirmations });
		expect(events).toEqual([[2, 'templatePaused']]);
		expect(outcome.state.known.find((t) => t.template_id === 2)?.active).toBe(false);
	});

	it('a template whose status said Deleted is not reported again when it then disappears', () => {
		const first = poll([row(1)], [row(1, { template_status: 'Deleted' })]);
		expect(first.events).toEqual([[1, 'templateDeleted']]);
		const later = advanceTemplates(first.outcome.state, readTemplateList([])!, [{ id: '1', gone: true }], ALL, undefined);
		expect(later.events).toEqual([]);
		expect(later.state.known).toEqual([]);
	});

	it('reports a new template as first seen, and an unreadable row changes nothing', () => {
		expect(poll([row(1)], [row(1), row(5, { template_status: 'Pending' })]).events).toEqual([[5, 'templateChanged']]);
		const unreadable = poll([row(1)], [{ template_name: 't1' }]);
		expect(unreadable.events).toEqual([]);
		expect(unreadable.outcome.state.known).toHaveLength(1);
	});

	it('confirms at most MAX_CONFIRMATIONS_PER_POLL missing templates per poll; the rest wait their turn', () => {
		const many = Array.from({ length: MAX_CONFIRMATIONS_PER_POLL + 3 }, (_, index) => row(index + 1));
		const state = templateBaseline(readTemplateList(many)!);
		expect(missingTemplates(state, readTemplateList([])!)).toHaveLength(MAX_CONFIRMATIONS_PER_POLL);
	});

	it('asks the missing templates in turn: those whose own GET answered (or failed) wait behind the rest', () => {
		const count = MAX_CONFIRMATIONS_PER_POLL + 3;
		const many = Array.from({ length: count }, (_, index) => row(index + 1));
		const emptyList = readTemplateList([])!;
		let state = templateBaseline(readTemplateList(many)!);
		const askedOverTwoPolls = new Set<string>();
		for (let pollIndex = 0; pollIndex < 2; pollIndex++) {
			const ids = missingTemplates(state, emptyList);
			ids.forEach((id) => askedOverTwoPolls.add(id));
			// Each asked template still exists (its GET answers), except one whose GET fails.
			const confirmations: Confirmation[] = ids.map((id, index) =>
				index === 0 ? { id, error: 'HTTP 500' } : { id, template: readTemplate(row(Number(id)))! },
			);
			state = advanceTemplates(state, emptyList, confirmations, ALL, undefined).state;
			expect(state.known).toHaveLength(count);
		}
		expect(askedOverTwoPolls.size).toBe(count);
	});
});
