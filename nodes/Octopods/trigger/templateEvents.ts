/**
 * The Octopods Trigger's template events: the template list each poll, a missing template's own GET,
 * helpers/templatePoll.ts deciding. The trigger's poll calls this under its claim, with its
 * static data; every request goes through the transport (one door, one budget).
 */
import type { IDataObject, INodeProperties, INodePropertyOptions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	advanceTemplates,
	type Confirmation,
	matchesFilter,
	missingTemplates,
	readTemplate,
	readTemplateList,
	readTemplateState,
	templateBaseline,
	type TemplateChange,
	TEMPLATE_EVENTS,
	type TemplateEvent,
	type TemplateFilter,
	type TemplateList,
	testTemplateEvent,
} from '../helpers/templatePoll';
import { templateLocator } from '../actions/common.descriptions';
import { type PollNotice, recordListRead } from './listReads';
import type { PollClaim } from './pollClaim';
import { getTemplateIfExists, listTemplates } from '../transport/templates';

/** Where the template state lives in the node's static data (beside the messages' state). */
const TEMPLATE_STATE_KEY = 'octopodsTriggerTemplates';

/** The template entries of the Events list (values are a public contract). */
export const templateEventOptions: INodePropertyOptions[] = [
	{
		name: 'Any Template Change',
		value: 'templateAnyChange',
		description: 'Every template event below, and any other change of a template\'s status (e.g. Pending to Under review, or a new template)',
	},
	{ name: 'Template Approved', value: 'templateApproved', description: 'A template\'s status became Accepted' },
	{ name: 'Template Deleted', value: 'templateDeleted', description: 'A template was deleted (its own look-up says it no longer exists)' },
	{ name: 'Template Needs Modification', value: 'templateNeedsModification', description: 'A template\'s status became Needs modification' },
	{ name: 'Template Paused', value: 'templatePaused', description: 'A template stopped being active: sends with it fail' },
	{ name: 'Template Reactivated', value: 'templateReactivated', description: 'A template became active again' },
	{ name: 'Template Rejected', value: 'templateRejected', description: 'A template\'s status became Rejected' },
];

/** Options > Template: which template the template events are about (empty: every template). */
export const templateFilterOption: INodeProperties = {
	// The node's template picker (From List, By ID, By Name), optional here.
	...templateLocator('searchTemplates', { byName: true }),
	name: 'template',
	required: false,
	description: 'Template events only: report changes of this template alone (By Name: every language of it). Empty: every template.',
};

export function isTemplateEvent(event: string): event is TemplateEvent {
	return (TEMPLATE_EVENTS as readonly string[]).includes(event);
}

/** Options > Template as a filter (read before the poll's first await, as every parameter). */
export function readTemplateFilter(context: IPollFunctions): TemplateFilter {
	const picked = context.getNodeParameter('options.template', {}) as { mode?: unknown; value?: unknown };
	const value = typeof picked?.value === 'string' || typeof picked?.value === 'number' ? String(picked.value).trim() : '';
	if (value === '') return undefined;
	return picked.mode === 'name' ? { name: value } : { id: value };
}

/** The template list's name in the read streaks (trigger/listReads.ts), and for the user. */
const TEMPLATE_LIST = 'templates';
const TEMPLATE_LIST_TEXT = 'the template list';

/** The list as Octopods answered it, read; or why it could not be read (logged). */
async function fetchTemplateList(context: IPollFunctions, warn: (message: string) => void): Promise<TemplateList | { failure: string }> {
	let answer: unknown;
	try {
		answer = await listTemplates(context);
	} catch (error) {
		warn(`this poll could not read the template list (${(error as Error).message}); it changed nothing and the next poll tries again.`);
		return { failure: (error as Error).message };
	}
	const list = readTemplateList(answer);
	if (list === undefined) {
		warn('the template list came in a shape of neither API generation; this poll changed nothing.');
		return { failure: 'the template list came in a shape of neither API generation' };
	}
	if (list.skipped > 0) warn(`${list.skipped} row(s) of the template list could not be read and were skipped; the rest was used.`);
	return list;
}

/** A missing template's own GET: 404 → gone; a readable answer; anything else a fault (kept as it was). */
async function confirm(context: IPollFunctions, id: string): Promise<Confirmation> {
	let answer: unknown;
	try {
		answer = await getTemplateIfExists(context, id);
	} catch (error) {
		return { id, error: (error as Error).message };
	}
	if (answer === null) return { id, gone: true };
	const template = readTemplate(answer);
	return template === undefined ? { id, error: 'its answer could not be read' } : { id, template };
}

/** At activation: a filter naming no template is the user's error, said now rather than never matching. */
async function checkFilter(context: IPollFunctions, filter: TemplateFilter, list: TemplateList | undefined): Promise<void> {
	if (filter === undefined) return;
	if (list?.templates.some((template) => matchesFilter(template, filter))) return;
	// By ID, the template's own GET decides (a list can leave one out); By Name, a readable list does.
	const missing = 'id' in filter ? 'gone' in (await confirm(context, filter.id)) : list !== undefined;
	if (!missing) return;
	const named = 'id' in filter ? `with ID ${filter.id}` : `named "${filter.name}"`;
	throw new NodeOperationError(context.getNode(), `Options > Template: there is no template ${named} in this Octopods account`, {
		description: 'Choose a template from the list, or clear the option to hear about every template.',
	});
}

/**
 * The template part of one poll: the state moves on only with a readable list (the first one is the
 * baseline: nothing reported), and a template missing from it is deleted only on its own 404.
 * Returns the changes to emit (the state is already written to `staticData`), and the notice of the
 * list's read streak, if one is due (3 polls in a row that could not read it, then its recovery).
 */
export async function pollTemplates(
	context: IPollFunctions,
	staticData: IDataObject,
	claim: PollClaim,
	{ selected, filter, activating, startedAt }: { selected: TemplateEvent[]; filter: TemplateFilter; activating: boolean; startedAt: number },
	warn: (message: string) => void,
): Promise<{ changes: TemplateChange[]; notice?: PollNotice }> {
	const answer = await fetchTemplateList(context, warn);
	const list = 'failure' in answer ? undefined : answer;
	if (activating) await checkFilter(context, filter, list);
	if (list === undefined) {
		if (!claim.holds()) return { changes: [] };
		const notice = recordListRead(staticData, TEMPLATE_LIST, TEMPLATE_LIST_TEXT, answer as { failure: string }, startedAt, !activating);
		return { changes: [], ...(notice ? { notice } : {}) };
	}
	const stored = readTemplateState(staticData[TEMPLATE_STATE_KEY]);
	const confirmations: Confirmation[] = [];
	for (const id of stored === undefined ? [] : missingTemplates(stored, list)) confirmations.push(await confirm(context, id));
	if (!claim.holds()) {
		// This poll outlived its claim: the newer poll that took over reports what this one saw (see pollClaim.ts).
		warn('this poll took longer than its claim lasts and a newer poll took over; it reports no template change.');
		return { changes: [] };
	}
	const outcome = stored === undefined ? { state: templateBaseline(list), events: [] } : advanceTemplates(stored, list, confirmations, selected, filter);
	staticData[TEMPLATE_STATE_KEY] = outcome.state as unknown as IDataObject;
	const notice = recordListRead(staticData, TEMPLATE_LIST, TEMPLATE_LIST_TEXT, 'read', startedAt, !activating);
	return { changes: outcome.events, ...(notice ? { notice } : {}) };
}

/** One item per template event. */
export function templateItem({ event, template, previous_status, previous_active }: TemplateChange): IDataObject {
	return {
		event,
		template_id: template.template_id,
		template_name: template.template_name,
		language: template.language ?? null,
		previous_status,
		status: template.status ?? null,
		previous_active,
		active: template.active ?? null,
	};
}

/** Fetch Test Event for template events: a template of the account, shaped as an event. */
export async function templateTestItem(context: IPollFunctions, selected: TemplateEvent[], filter: TemplateFilter): Promise<IDataObject> {
	const answer = await fetchTemplateList(context, () => {});
	const list = 'failure' in answer ? undefined : answer;
	if (list === undefined) throw new NodeOperationError(context.getNode(), 'The trigger could not read the template list', {
		description: 'Fetch a test event again later; if it persists, the account answers in a shape this node does not know.',
	});
	await checkFilter(context, filter, list);
	const sample = testTemplateEvent(list, selected, filter);
	if (sample === undefined) throw new NodeOperationError(context.getNode(), 'This Octopods account has no template to show yet');
	return { ...templateItem(sample), note: 'An example of the fields: a template of the account as it is now, not a change.' };
}
