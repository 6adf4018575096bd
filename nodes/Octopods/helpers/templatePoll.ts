/**
 * The Octopods Trigger's template events, as pure logic: reading the template list (both API
 * generations), what the trigger remembers of each template, and which changes to report. The node
 * fetches (the list, and a template's own GET to confirm it is gone); this decides.
 */
import { templateLanguage, templateState, TEMPLATE_STATE_LABELS } from './templates';

/** The template Events a user picks (values of the node's `events` parameter: a public contract). */
export const TEMPLATE_EVENTS = [
	'templateAnyChange',
	'templateApproved',
	'templateDeleted',
	'templateNeedsModification',
	'templatePaused',
	'templateReactivated',
	'templateRejected',
] as const;
export type TemplateEvent = (typeof TEMPLATE_EVENTS)[number];

/** What an emitted item's `event` says: a named change, or `templateChanged` (Any Template Change, no named one). */
export type EmittedTemplateEvent = Exclude<TemplateEvent, 'templateAnyChange'> | 'templateChanged';

/** What the trigger remembers of one template: enough to tell a change and to name a deleted one. */
export interface KnownTemplate {
	/** As the API gave it (a number in every documented answer). */
	template_id: number | string;
	template_name: string;
	language?: string;
	/** `template_status` as the 2026 articles spell it; absent in the original pages' answers. */
	status?: string;
	active?: boolean;
}

export interface TemplatePollState {
	version: 1;
	/** Every template seen, in the list's order. */
	known: KnownTemplate[];
}

/** A template list as read: its readable rows, and how many rows could not be read (skipped). */
export interface TemplateList {
	templates: KnownTemplate[];
	skipped: number;
}

/** How many templates missing from one list answer are confirmed through their own GET per poll. */
export const MAX_CONFIRMATIONS_PER_POLL = 10;

const LABELS: readonly string[] = Object.values(TEMPLATE_STATE_LABELS);

function idOf(template: Pick<KnownTemplate, 'template_id'>): string {
	return String(template.template_id);
}

/**
 * One row of a template answer, or undefined when it cannot be read: no ID or name, an `active`
 * that is not true/false, a `template_status` the articles do not name. Such a row is no change.
 */
export function readTemplate(row: unknown): KnownTemplate | undefined {
	if (typeof row !== 'object' || row === null || Array.isArray(row)) return undefined;
	const raw = row as Record<string, unknown>;
	const id = raw.template_id;
	const validId = (typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id.trim() !== '');
	if (!validId || typeof raw.template_name !== 'string') return undefined;
	if (raw.active !== undefined && typeof raw.active !== 'boolean') return undefined;
	if (raw.template_status !== undefined && typeof raw.template_status !== 'string') return undefined;
	const template = { template_id: id, template_name: raw.template_name, template_components: [], ...raw } as Parameters<typeof templateState>[0];
	const state = templateState(template);
	if (raw.template_status !== undefined && (state === undefined || !LABELS.includes(state.label))) return undefined;
	const language = templateLanguage(template);
	return {
		template_id: id as number | string,
		template_name: raw.template_name,
		...(language !== undefined ? { language } : {}),
		...(state !== undefined ? { status: state.label } : {}),
		...(typeof raw.active === 'boolean' ? { active: raw.active } : {}),
	};
}

/** The list answer (a bare array in both generations), or undefined for any other shape. */
export function readTemplateList(answer: unknown): TemplateList | undefined {
	if (!Array.isArray(answer)) return undefined;
	const templates: KnownTemplate[] = [];
	const seen = new Set<string>();
	let skipped = 0;
	for (const row of answer) {
		const template = readTemplate(row);
		if (template === undefined || seen.has(idOf(template))) {
			skipped++;
			continue;
		}
		seen.add(idOf(template));
		templates.push(template);
	}
	return { templates, skipped };
}

/** The static data as a state, or undefined when there is none (the next readable list is the baseline). */
export function readTemplateState(stored: unknown): TemplatePollState | undefined {
	if (typeof stored !== 'object' || stored === null) return undefined;
	const { version, known } = stored as Partial<TemplatePollState>;
	if (version !== 1 || !Array.isArray(known)) return undefined;
	return { version: 1, known: known.filter(isKnownTemplate).map(remembered) };
}

/** A remembered template as stored (the state's own shape, not an API row). */
function isKnownTemplate(entry: unknown): entry is KnownTemplate {
	const { template_id: id, template_name: name, language, status, active } = (entry ?? {}) as Partial<KnownTemplate>;
	const optional = (value: unknown, type: string) => value === undefined || typeof value === type;
	return (
		(typeof id === 'number' || (typeof id === 'string' && id !== '')) &&
		typeof name === 'string' &&
		optional(language, 'string') &&
		(status === undefined || LABELS.includes(status)) &&
		optional(active, 'boolean')
	);
}

/** Only the fields the state keeps (a GET answer carries the whole template). */
function remembered({ template_id, template_name, language, status, active }: KnownTemplate): KnownTemplate {
	return {
		template_id,
		template_name,
		...(language !== undefined ? { language } : {}),
		...(status !== undefined ? { status } : {}),
		...(active !== undefined ? { active } : {}),
	};
}

/** The first readable list: what is there is the baseline, nothing is reported. */
export function templateBaseline(list: TemplateList): TemplatePollState {
	return { version: 1, known: list.templates.map(remembered) };
}

/**
 * Remembered templates this list does not show, to confirm through their own GET before calling
 * them deleted (a list can leave one out once), at most MAX_CONFIRMATIONS_PER_POLL, in the state's
 * order. A list with unreadable rows may hide any template in them: those are confirmed too.
 */
export function missingTemplates(state: TemplatePollState, list: TemplateList, max = MAX_CONFIRMATIONS_PER_POLL): string[] {
	const listed = new Set(list.templates.map(idOf));
	return state.known
		.filter((template) => !listed.has(idOf(template)))
		.map(idOf)
		.slice(0, Math.max(0, max));
}

/** What a missing template's own GET said: 404 (gone), a readable answer, or nothing usable (a fault). */
export type Confirmation = { id: string; gone: true } | { id: string; template: KnownTemplate } | { id: string; error: string };

/** Which templates the events are about: all, one ID, or every language of one name. */
export type TemplateFilter = { id: string } | { name: string } | undefined;

export function matchesFilter(template: KnownTemplate, filter: TemplateFilter): boolean {
	if (filter === undefined) return true;
	if ('id' in filter) return idOf(template) === filter.id.trim();
	return template.template_name.trim().toLowerCase() === filter.name.trim().toLowerCase();
}

/** One event of one template, for the node to turn into an item. */
export interface TemplateChange {
	event: EmittedTemplateEvent;
	template: KnownTemplate;
	previous_status: string | null;
	previous_active: boolean | null;
}

const STATUS_EVENTS: Partial<Record<string, EmittedTemplateEvent>> = {
	[TEMPLATE_STATE_LABELS.accepted]: 'templateApproved',
	[TEMPLATE_STATE_LABELS.rejected]: 'templateRejected',
	[TEMPLATE_STATE_LABELS.needs_modification]: 'templateNeedsModification',
	[TEMPLATE_STATE_LABELS.deleted]: 'templateDeleted',
};

/**
 * The named events a change implies (`previous` undefined: first seen now). A new status names its
 * event; `active` turning false is paused, turning true reactivated (a template first seen inactive
 * was never paused while watched). A change that names none is only `templateChanged`.
 */
export function impliedTemplateEvents(previous: KnownTemplate | undefined, current: KnownTemplate): EmittedTemplateEvent[] {
	const events: EmittedTemplateEvent[] = [];
	const statusChanged = current.status !== undefined && current.status !== previous?.status;
	if (statusChanged) {
		const named = STATUS_EVENTS[current.status!];
		if (named !== undefined) events.push(named);
	}
	const activeChanged = previous?.active !== undefined && current.active !== undefined && current.active !== previous.active;
	if (activeChanged) events.push(current.active ? 'templateReactivated' : 'templatePaused');
	if (events.length === 0 && (previous === undefined || statusChanged)) events.push('templateChanged');
	return events;
}

/** What to remember after a reading: a field the answer leaves out keeps its last value (no change). */
function merged(previous: KnownTemplate | undefined, current: KnownTemplate): KnownTemplate {
	return remembered({
		...current,
		status: current.status ?? previous?.status,
		active: current.active ?? previous?.active,
		language: current.language ?? previous?.language,
	});
}

function selectedOf(events: EmittedTemplateEvent[], selected: readonly TemplateEvent[]): EmittedTemplateEvent[] {
	if (selected.includes('templateAnyChange')) return events;
	return events.filter((event) => (selected as readonly string[]).includes(event));
}

export interface TemplateOutcome {
	state: TemplatePollState;
	events: TemplateChange[];
}

/**
 * One poll after the baseline: every change since the last poll among the selected events and the
 * filter, and the new state. A template missing from the list is deleted only when its own GET said
 * 404 (`confirmations`); one whose GET answered is read from that answer; any other missing one is
 * kept as it was, to be confirmed by a later poll. Every reading is remembered, so each change is
 * reported once.
 */
export function advanceTemplates(
	state: TemplatePollState,
	list: TemplateList,
	confirmations: Confirmation[],
	selected: readonly TemplateEvent[],
	filter: TemplateFilter,
): TemplateOutcome {
	const events: TemplateChange[] = [];
	const previously = new Map(state.known.map((template) => [idOf(template), template]));
	const report = (previous: KnownTemplate | undefined, current: KnownTemplate, implied: EmittedTemplateEvent[]) => {
		if (!matchesFilter(current, filter)) return;
		for (const event of selectedOf(implied, selected)) {
			events.push({
				event,
				template: current,
				previous_status: previous?.status ?? null,
				previous_active: previous?.active ?? null,
			});
		}
	};
	const known: KnownTemplate[] = [];
	const read = (current: KnownTemplate, into: KnownTemplate[]) => {
		const previous = previously.get(idOf(current));
		report(previous, current, impliedTemplateEvents(previous, current));
		into.push(merged(previous, current));
	};
	list.templates.forEach((template) => read(template, known));

	const listed = new Set(list.templates.map(idOf));
	const confirmed = new Map(confirmations.map((confirmation) => [confirmation.id, confirmation]));
	// Missing templates asked about this poll go last, so the next poll asks the ones still waiting
	// (missingTemplates takes the first MAX_CONFIRMATIONS_PER_POLL in this order).
	const waiting: KnownTemplate[] = [];
	const asked: KnownTemplate[] = [];
	for (const previous of state.known.filter((template) => !listed.has(idOf(template)))) {
		const confirmation = confirmed.get(idOf(previous));
		if (confirmation !== undefined && 'gone' in confirmation) {
			// Already reported as Deleted (its status said so): gone now, nothing new.
			if (previous.status === TEMPLATE_STATE_LABELS.deleted) continue;
			report(previous, { ...previous, status: TEMPLATE_STATE_LABELS.deleted, active: false }, ['templateDeleted']);
			continue;
		}
		if (confirmation !== undefined && 'template' in confirmation && idOf(confirmation.template) === idOf(previous)) {
			read(confirmation.template, asked);
			continue;
		}
		(confirmation === undefined ? waiting : asked).push(previous);
	}
	known.push(...waiting, ...asked);
	return { state: { version: 1, known }, events };
}

/**
 * Fetch Test Event: a sample of the template events' item, from the list's first template matching
 * the filter (as if it had just been approved, or as the chosen event says).
 */
export function testTemplateEvent(list: TemplateList, selected: readonly TemplateEvent[], filter: TemplateFilter): TemplateChange | undefined {
	const template = list.templates.find((candidate) => matchesFilter(candidate, filter));
	if (template === undefined) return undefined;
	const named = selected.find((event): event is Exclude<TemplateEvent, 'templateAnyChange'> => event !== 'templateAnyChange');
	return { event: named ?? 'templateChanged', template, previous_status: null, previous_active: null };
}
