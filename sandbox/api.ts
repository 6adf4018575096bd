/** The documented Octopods endpoints: routing table and handlers. Auth and rate limiting happen before these run. */
import { randomUUID } from 'crypto';
import type { SendResponse } from '../nodes/Octopods/transport/types';
import { ApiError, badRequest, ErrorCode } from './errors';
import { parseInteractivePayload, validateInteractive } from './interactive';
import type { MessageKind, MessageStore } from './messages';
import { validateTemplateSend } from './templateSend';
import { SEEDED_TEMPLATES, type SeededTemplate } from './templates';
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
	{ method: 'POST', pattern: /^\/api\/v1\/whatsapp\/interactive$/, handle: sendInteractive },
	{ method: 'GET', pattern: /^\/api\/v1\/whatsapp\/messages\/([^/]+)$/, handle: getMessageStatus },
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

function listTemplates({ query }: ApiContext): ApiResult {
	const active = query.active;
	if (active !== undefined && active !== 'true' && active !== 'false') {
		throw badRequest(ErrorCode.TypeMismatch, `active must be "true" or "false" (got "${active}").`);
	}
	const matches = SEEDED_TEMPLATES.filter(
		(template) =>
			(active === undefined || String(template.active) === active) &&
			(query.lang === undefined || sameText(template.lang, query.lang)) &&
			(query.status === undefined || sameText(template.status, query.status)),
	);
	return { status: 200, body: matches };
}

function getTemplate({ params }: ApiContext): ApiResult {
	return { status: 200, body: findTemplate(params[0]) };
}

function sendTemplate(context: ApiContext): ApiResult {
	const body = parseJsonObject(context.rawBody);
	const template = findTemplate(context.params[0]);
	const digits = validateTemplateSend(template, body);
	return created(context, digits, 'template');
}

function sendInteractive(context: ApiContext): ApiResult {
	if (!context.channel.interactiveEnabled) {
		throw new ApiError(403, 'Interactive messages are not enabled for this channel. Contact Octopods to enable them.');
	}
	const body = parseJsonObject(context.rawBody);
	const digits = requireDestinationPhone(body);
	validateInteractive(parseInteractivePayload(body.waba_interactive_message));
	optionalField(body, 'intercom_teammate_id', 'string');
	return created(context, digits, 'interactive');
}

function getMessageStatus({ params, channel, now, messages }: ApiContext): ApiResult {
	const status = messages.statusOf(params[0], channel.name, now);
	if (status === null) throw new ApiError(404, `Message ${params[0]} does not exist.`);
	return { status: 200, body: { ...status, request_id: randomUUID() } };
}

function created(context: ApiContext, digits: string, kind: MessageKind): ApiResult {
	const messageId = context.messages.add(context.channel.name, digits, kind, context.now);
	const body: SendResponse = { message_id: messageId, phone_number: digits, request_id: randomUUID() };
	return { status: 201, body };
}

/** Template ids are the numeric `template_id`s; names are not accepted in the path. */
function findTemplate(id: string): SeededTemplate {
	const template = SEEDED_TEMPLATES.find((candidate) => String(candidate.template_id) === id);
	if (template === undefined) {
		throw new ApiError(404, `Message Template ${id} does not exist.`, ErrorCode.TemplateNotFound);
	}
	return template;
}

function sameText(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}
