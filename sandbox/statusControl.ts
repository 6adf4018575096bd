/** POST /__sandbox/messages/status: statuses (failures above all) on demand, for the trigger's tests and demo. */
import type { MessageStatusValue } from '../nodes/Octopods/transport/types';

export interface StatusRequest {
	/** Message IDs the sends returned. */
	ids: number[];
	status: MessageStatusValue;
	/** For FAILED; WhatsApp's 131026 "Message undeliverable" when left out. */
	failure_reason?: { code: string; description: string };
}

export class StatusRequestError extends Error {}

const SETTABLE: readonly MessageStatusValue[] = ['SENT', 'DELIVERED', 'READ', 'FAILED', 'DELETED', 'UNKNOWN'];
const USAGE =
	'Send {"ids": [1000, 1001], "status": "FAILED", "failure_reason": {"code": "131026", "description": "Message undeliverable"}} (failure_reason optional; status one of ' +
	`${SETTABLE.join(', ')}).`;

export function parseStatusRequest(rawBody: string | null): StatusRequest {
	let body: unknown;
	try {
		body = JSON.parse(rawBody || 'null');
	} catch {
		throw new StatusRequestError(`The body is not JSON. ${USAGE}`);
	}
	const { ids, status, failure_reason: reason } = (body ?? {}) as Record<string, unknown>;
	if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => Number.isInteger(Number(id)))) {
		throw new StatusRequestError(`ids must be a non-empty array of message IDs. ${USAGE}`);
	}
	const word = typeof status === 'string' ? status.trim().toUpperCase() : '';
	if (!(SETTABLE as readonly string[]).includes(word)) throw new StatusRequestError(`status "${String(status)}" is not one of ${SETTABLE.join(', ')}.`);
	let failure: StatusRequest['failure_reason'];
	if (reason !== undefined) {
		const { code, description } = (reason ?? {}) as Record<string, unknown>;
		if (typeof description !== 'string' || !description.trim()) throw new StatusRequestError(`failure_reason needs a description. ${USAGE}`);
		failure = { code: code === undefined || code === null || code === '' ? '131026' : String(code), description };
	}
	return { ids: ids.map(Number), status: word as MessageStatusValue, ...(failure ? { failure_reason: failure } : {}) };
}
