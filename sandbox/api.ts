/** The documented Octopods endpoints: routing table and handlers. Auth and rate limiting happen before these run. */
import { randomUUID } from 'crypto';
import type { SendResponse } from '../nodes/Octopods/transport/types';
import { ApiError, badRequest, ErrorCode, NOTHING_SENT_MESSAGE } from './errors';
import { parseInteractivePayload, validateInteractive } from './interactive';
import { isSmsBody, whatsappKeyForSms } from './sms';
import type { AnswerStyle, MessageKind, MessageStore } from './messages';
import { validateTemplateSend } from './templateSend';
import type { TemplateStore } from './templateControl';
import { type SeededTemplate, served } from './templates';
import { optionalField, parseJsonObject, requireDestinationPhone } from './validation';

export interface Channel {
	name: string;
	interactiveEnabled: boolean;
}

export interface ApiContext {
	channel: Channel;
	params: string[];
	query: Record<string, string>;
	rawBody: string;
	now: number;
	messages: MessageStore;
	/** Which generation of the docs to answer as, and (2026) which status shape. */
	style: AnswerStyle;
	/** The sandbox's own address, for message_status_url. */
	baseUrl: string;
	/** The account's templates, as control requests changed them. */
	templates: TemplateStore;
}

export interface ApiResult {
	status: number;
	body: unknown;
}

interface Route {
	method: 'GET' | 'POST';
	pattern: RegExp;
	handle: (context: ApiContext) => ApiResult;
}

export type RouteMatch = { route: Route; params: string[] } | { allowedMethods: string[] } | null;

const ROUTES: Route[] = [
	{ method: 'GET', pattern: /^\/api\/v1\/whatsapp\/templates$/, handle: listTemplates },
	{ method: 'GET', pattern: /^\/api\/v1\/whatsapp\/templates\/([^/]+)$/, handle: getTemplate },
	{ method: 'POST', pattern: /^\/api\/v1\/whatsapp\/templates\/([^/]+)\/messages$/, handle: sendTemplate },
	// The page documents /sms/messages; a newer article documents /whatsapp/interactive with the same body.
	{ method: 'POST', pattern: /^\/api\/v1\/sms\/messages$/, handle: sendInteractive },
	// The SMS channel's status; server.ts answers it for the SMS key, a WhatsApp key is refused here.
	{ method: 'GET', pattern: /^\/api\/v1\/sms\/messages\/([^/]+)$/, handle: () => { throw whatsappKeyForSms(); } },
	{ method: 'POST', pattern: /^\/api\/v1\/whatsapp\/interactive$/, handle: sendInteractive },
	{ method: 'GET', pattern: /^\/api\/v1\/whatsapp\/messages\/([^/]+)$/, handle: getMessageStatus },
	// 2026 articles 14824157 and 14823960; unknown to the original pages (404 there).
	{ method: 'GET', pattern: /^\/api\/v1\/whatsapp\/messages$/, handle: listMessages },
];

/** `path` is already stripped of one trailing slash. A known path with another method yields its allowed methods. */
export function matchRoute(method: string, path: string): RouteMatch {
	const allowedMethods: string[] = [];
	for (const route of ROUTES) {
		const match = route.pattern.exec(path);
		if (match === null) continue;
		let params: string[];
		try {
			params = match.slice(1).map((param) => decodeURIComponent(param));
		} catch {
			return null;
		}
		if (route.method === method) return { route, params };
		allowedMethods.push(route.method);
	}
	return allowedMethods.length > 0 ? { allowedMethods } : null;
}

/** 2026 (article 14824161): the values of the `status` filter, and how template_status spells them. */
const STATUS_FILTERS: Record<string, string> = {
	pending: 'Pending',
	under_review: 'Under review',
	needs_modification: 'Needs modification',
	rejected: 'Rejected',
	accepted: 'Accepted',
	deleted: 'Deleted',
};

/** Languages the 2026 list does not show (its newest example has no language field), for the filter. */
const UNSHOWN_LANGUAGE: Record<number, string> = { 84579: 'en_US' };

/** 2026: a broad code (`en`) matches itself and every regional variant (`en_US`); a regional one only itself. */
function matchesLanguage(language: string | undefined, filter: string, generation: string): boolean {
	if (language === undefined) return false;
	if (generation !== '2026') return sameText(language, filter);
	const wanted = filter.toLowerCase();
	const actual = language.toLowerCase();
	return actual === wanted || (!wanted.includes('_') && actual.startsWith(`${wanted}_`));
}

function listTemplates({ query, style, templates }: ApiContext): ApiResult {
	const active = query.active;
	if (active !== undefined && active !== 'true' && active !== 'false') {
		throw badRequest(ErrorCode.TypeMismatch, `active must be "true" or "false" (got "${active}").`);
	}
	// The original pages document no `status` filter: that generation ignores it, like any other parameter.
	const status = style.generation === '2026' ? query.status : undefined;
	if (status !== undefined && STATUS_FILTERS[status.toLowerCase()] === undefined) {
		throw badRequest(
			ErrorCode.InvalidStatus,
			`INVALID_STATUS: status must be one of ${Object.keys(STATUS_FILTERS).join(', ')} (got "${status}").`,
		);
	}
	const answer = templates.listAnswer(
		(template) =>
			(active === undefined || String(template.active) === active) &&
			(query.lang === undefined ||
				matchesLanguage(template.lang ?? UNSHOWN_LANGUAGE[template.template_id], query.lang, style.generation)) &&
			(status === undefined || template.template_status === STATUS_FILTERS[status.toLowerCase()]),
	);
	// A list failure set on demand (POST /__sandbox/templates {"failLists": 1}).
	if (answer === 'fail') throw new ApiError(500, 'Internal server error. Please try again later.');
	return { status: 200, body: answer.map((row) => (isTemplate(row) ? served(row, style.hideLanguages) : row)) };
}

function isTemplate(row: unknown): row is SeededTemplate {
	return typeof (row as Partial<SeededTemplate>).template_id === 'number';
}

function getTemplate({ params, style, templates }: ApiContext): ApiResult {
	return { status: 200, body: served(findTemplate(params[0], templates), style.hideLanguages) };
}

function sendTemplate(context: ApiContext): ApiResult {
	const body = parseJsonObject(context.rawBody);
	const template = findTemplate(context.params[0], context.templates);
	const digits = validateTemplateSend(template, body, context.style.generation);
	return created(context, digits, 'template', renderBody(template, body.message_variables));
}

/** The body with its values in, for the 2026 list's message_content. */
function renderBody(template: SeededTemplate, variables: unknown): string {
	const values = Array.isArray(variables) ? variables : ((variables as { body?: unknown[] } | undefined)?.body ?? []);
	const names: string[] = [];
	return template.template_body.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
		if (!names.includes(name)) names.push(name);
		const value = values[names.indexOf(name)];
		return typeof value === 'string' ? value : whole;
	});
}

function sendInteractive(context: ApiContext): ApiResult {
	// The key and the body decide the channel: an SMS body with a WhatsApp key is a key mix-up.
	if (isSmsBody(context.rawBody)) throw whatsappKeyForSms();
	if (!context.channel.interactiveEnabled) {
		throw new ApiError(403, 'Interactive messages are not enabled for this channel. Contact Octopods to enable them.');
	}
	const body = parseJsonObject(context.rawBody);
	const digits = requireDestinationPhone(body);
	const payload = parseInteractivePayload(body.waba_interactive_message);
	validateInteractive(payload);
	optionalField(body, 'intercom_teammate_id', 'string');
	const text = (payload as { body?: { text?: unknown } }).body?.text;
	return created(context, digits, 'interactive', typeof text === 'string' ? text : '');
}

function getMessageStatus({ params, channel, now, messages, style }: ApiContext): ApiResult {
	const status = messages.statusOf(params[0], channel.name, now, style);
	if (status === null) throw new ApiError(404, `Message ${params[0]} does not exist.`);
	return { status: 200, body: { request_id: randomUUID(), ...status } };
}

/** 2026: newest first, `limit` 1-100 (larger values capped), 400 before the channel's first send. */
function listMessages({ channel, now, messages, style, query }: ApiContext): ApiResult {
	if (style.generation !== '2026') throw new ApiError(404, 'Not found');
	const limit = query.limit === undefined ? 100 : Number(query.limit);
	if (!Number.isInteger(limit) || limit < 1) {
		throw badRequest(ErrorCode.TypeMismatch, `limit must be a whole number of at least 1 (got "${query.limit}").`);
	}
	const list = messages.list(channel.name, now, Math.min(limit, 100), style);
	if (list.length === 0) throw new ApiError(400, NOTHING_SENT_MESSAGE);
	if (style.statusStyle === 'uppercase') return { status: 200, body: list };
	return { status: 200, body: { request_id: randomUUID(), messages: list } };
}

function created(context: ApiContext, digits: string, kind: MessageKind, content: string): ApiResult {
	const messageId = context.messages.add(context.channel.name, digits, kind, context.now, content);
	const body: SendResponse = { message_id: messageId, phone_number: digits, request_id: randomUUID() };
	// Article 14824155: the send answer points at the message's status endpoint.
	if (context.style.generation === '2026') body.message_status_url = `${context.baseUrl}/api/v1/whatsapp/messages/${messageId}`;
	return { status: 201, body };
}

/** Template ids are the numeric `template_id`s; names are not accepted in the path. */
function findTemplate(id: string, templates: TemplateStore): SeededTemplate {
	const template = templates.find(id);
	if (template === undefined) {
		throw new ApiError(404, `Message Template ${id} does not exist.`, ErrorCode.TemplateNotFound);
	}
	return template;
}

function sameText(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}
