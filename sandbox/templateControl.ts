/**
 * The account's templates as they change: Meta approves, rejects, pauses and deletes them, and
 * Octopods' list can misbehave (a template missing from one answer, a failed answer, a row nobody
 * can read). POST /__sandbox/templates (JSON, or the inbox page's forms) sets it on demand, for the
 * trigger's template events, its tests and the demo.
 */
import { type Generation, type SeededTemplate, templatesOf } from './templates';

/** What a control request may do to one template (the inbox page's buttons), or to the next list answers. */
export const TEMPLATE_ACTIONS = ['approve', 'reject', 'needs_modification', 'pause', 'reactivate', 'delete'] as const;
export type TemplateAction = (typeof TEMPLATE_ACTIONS)[number];

/** `template_status` as the 2026 articles spell it. */
const SETTABLE_STATUSES = ['Accepted', 'Pending', 'Under review', 'Needs modification', 'Rejected', 'Deleted'];

export interface TemplateRequest {
	id?: number;
	action?: TemplateAction;
	/** 2026 spelling; set on an original-generation template, it answers with one (a mixed account). */
	template_status?: string;
	active?: boolean;
	/** Leave the template out of this many next list answers (it still answers its own GET). */
	hide?: number;
	/** The next N list answers carry one row without a template ID. */
	unreadableRows?: number;
	/** The next N list answers are HTTP 500. */
	failLists?: number;
}

export class TemplateRequestError extends Error {}

const USAGE =
	'Send {"id": 539, "action": "pause"} (action one of ' +
	`${TEMPLATE_ACTIONS.join(', ')}), {"id": 539, "template_status": "Rejected", "active": false}, {"id": 539, "hide": 1}, ` +
	'{"unreadableRows": 1} or {"failLists": 1}.';

const ACTION_CHANGES: Record<Exclude<TemplateAction, 'delete'>, Partial<SeededTemplate>> = {
	approve: { template_status: 'Accepted', active: true },
	reject: { template_status: 'Rejected' },
	needs_modification: { template_status: 'Needs modification' },
	pause: { active: false },
	reactivate: { active: true },
};

function count(value: unknown, field: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const number = Number(value);
	if (!Number.isInteger(number) || number < 1) throw new TemplateRequestError(`${field} must be a whole number >= 1. ${USAGE}`);
	return number;
}

/** A JSON body, or the inbox page's form (`id=539&action=pause`). */
export function parseTemplateRequest(rawBody: string | null): TemplateRequest {
	const text = rawBody ?? '';
	let body: Record<string, unknown>;
	try {
		body = (JSON.parse(text || 'null') ?? {}) as Record<string, unknown>;
	} catch {
		body = Object.fromEntries(new URLSearchParams(text));
	}
	if (typeof body !== 'object' || Array.isArray(body)) throw new TemplateRequestError(`The body must be an object. ${USAGE}`);
	const { action, template_status: status, active } = body;
	const request: TemplateRequest = {
		id: count(body.id, 'id'),
		hide: count(body.hide, 'hide'),
		unreadableRows: count(body.unreadableRows, 'unreadableRows'),
		failLists: count(body.failLists, 'failLists'),
	};
	if (action !== undefined) {
		if (!(TEMPLATE_ACTIONS as readonly unknown[]).includes(action)) {
			throw new TemplateRequestError(`action "${String(action)}" is not one of ${TEMPLATE_ACTIONS.join(', ')}.`);
		}
		request.action = action as TemplateAction;
	}
	if (status !== undefined) {
		if (typeof status !== 'string' || !SETTABLE_STATUSES.includes(status)) {
			throw new TemplateRequestError(`template_status "${String(status)}" is not one of ${SETTABLE_STATUSES.join(', ')}.`);
		}
		request.template_status = status;
	}
	if (active !== undefined) {
		if (active !== true && active !== false) throw new TemplateRequestError(`active must be true or false. ${USAGE}`);
		request.active = active;
	}
	const forOne = request.action !== undefined || status !== undefined || active !== undefined || request.hide !== undefined;
	if (forOne && request.id === undefined) throw new TemplateRequestError(`id is missing. ${USAGE}`);
	if (!forOne && request.unreadableRows === undefined && request.failLists === undefined) {
		throw new TemplateRequestError(`Nothing to do. ${USAGE}`);
	}
	return request;
}

/** One sandbox's templates: a copy of the seeded ones that control requests change. */
export class TemplateStore {
	private templates: SeededTemplate[] = [];
	private hidden = new Map<number, number>();
	private unreadableRows = 0;
	private failLists = 0;

	constructor(private readonly generation: Generation) {
		this.reset();
	}

	reset(): void {
		this.templates = templatesOf(this.generation).map((template) => structuredClone(template));
		this.hidden.clear();
		this.unreadableRows = 0;
		this.failLists = 0;
	}

	/** Every template not deleted, as its own GET would find it. */
	all(): readonly SeededTemplate[] {
		return this.templates;
	}

	find(id: string): SeededTemplate | undefined {
		return this.templates.find((template) => String(template.template_id) === id);
	}

	/**
	 * One list answer: 'fail' while failLists lasts; else the templates (filtered by `matches`)
	 * minus those hidden from it, plus an unreadable row while unreadableRows lasts.
	 */
	listAnswer(matches: (template: SeededTemplate) => boolean): 'fail' | unknown[] {
		if (this.failLists > 0) {
			this.failLists--;
			return 'fail';
		}
		const rows: unknown[] = this.templates.filter((template) => matches(template) && !this.hidden.has(template.template_id));
		for (const [id, left] of this.hidden) {
			if (left <= 1) this.hidden.delete(id);
			else this.hidden.set(id, left - 1);
		}
		if (this.unreadableRows > 0) {
			this.unreadableRows--;
			rows.push({ template_name: 'unreadable_row', template_components: [], active: 'maybe' });
		}
		return rows;
	}

	/** Applies a request; returns the template it changed (undefined for list-only requests). Throws for an unknown ID. */
	apply(request: TemplateRequest): SeededTemplate | undefined {
		this.unreadableRows += request.unreadableRows ?? 0;
		this.failLists += request.failLists ?? 0;
		if (request.id === undefined) return undefined;
		const template = this.find(String(request.id));
		if (template === undefined) throw new TemplateRequestError(`Template ${request.id} does not exist (or was deleted).`);
		if (request.action === 'delete') {
			this.templates = this.templates.filter((candidate) => candidate !== template);
			return template;
		}
		const { template_status: status, ...rest } = request.action === undefined ? {} : ACTION_CHANGES[request.action];
		Object.assign(template, rest);
		// The original pages know no template_status: there approve, reject and needs_modification change nothing seen.
		if (status !== undefined && this.generation === '2026') template.template_status = status;
		if (request.template_status !== undefined) template.template_status = request.template_status;
		if (request.active !== undefined) template.active = request.active;
		if (request.hide !== undefined) this.hidden.set(template.template_id, request.hide);
		return template;
	}
}
