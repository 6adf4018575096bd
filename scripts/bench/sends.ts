// What the sandbox saw: the ground truth for every count in the benchmark (sends accepted, 429s,
// duplicates), independent of what n8n or the node report.
import type { ReceivedRequest } from '../../sandbox/server';

export interface SandboxCount {
	/** Every API request that reached the sandbox (template look-ups included). */
	requests: number;
	/** Sends the sandbox accepted (and so would deliver). */
	accepted: number;
	/** Requests refused with 429 (the channel's limit or its cool-down). */
	refused429: number;
	/** Distinct CRM records among the accepted sends (by the unique code in the template variable). */
	distinct: number;
	/** Accepted sends beyond one per record: a customer messaged twice. */
	duplicates: number;
	/** Arrival of the first request, and of the last accepted send (ms since the epoch). */
	firstAt: number;
	lastSendAt: number;
}

/** The record's unique code: the first body variable of the send. */
export function codeOf(request: ReceivedRequest): string | undefined {
	const body = request.body as { message_variables?: { body?: unknown[] } } | null;
	const code = body?.message_variables?.body?.[0];
	return typeof code === 'string' ? code : undefined;
}

export function isAcceptedSend(request: ReceivedRequest): boolean {
	return request.method === 'POST' && request.accepted;
}

export function countSandbox(received: readonly ReceivedRequest[]): SandboxCount {
	const sends = received.filter(isAcceptedSend);
	const distinct = new Set(sends.map(codeOf)).size;
	return {
		requests: received.length,
		accepted: sends.length,
		refused429: received.filter((request) => request.status === 429).length,
		distinct,
		duplicates: sends.length - distinct,
		// reduce, not Math.min(...list): spreading ten thousand arguments strains the stack.
		firstAt: received.reduce((first, request) => Math.min(first, request.at), Infinity),
		lastSendAt: sends.reduce((last, request) => Math.max(last, request.at), -Infinity),
	};
}
