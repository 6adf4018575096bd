/**
 * The line between what was there before the trigger was activated and what came after, when the
 * activation's own list read could not be used (the "nothing sent yet" 400, an answer of no known
 * shape): decided by what Octopods tells of each row, its sent time (`sent_at`, or `created_at` of
 * the record shape), against the activation time the trigger recorded. Pure.
 */
import type { MessageStatus } from './messageStatus';

function timeOf(text: string | undefined): number | undefined {
	if (typeof text !== 'string') return undefined;
	const time = Date.parse(text);
	return Number.isFinite(time) ? time : undefined;
}

/**
 * The rows of a list (newest first) that count as sent before the activation: they are the
 * baseline the activation could not read, so their status now is never an event (their later
 * changes are). A row sent at or before the activation time counts as before, one sent after it as
 * after. A row without a usable sent time counts as after only when an older row below it in the
 * list (the list is newest first) was sent after the activation, and otherwise as before: it is
 * never reported on a guess, at the cost of missing its status at this read if it was in fact new.
 * No usable activation time: every row counts as before.
 */
export function sentBeforeActivation(list: MessageStatus[], activatedAt: string | undefined): MessageStatus[] {
	const line = timeOf(activatedAt);
	if (line === undefined) return list;
	const before: MessageStatus[] = [];
	let olderRowIsNew = false;
	for (let index = list.length - 1; index >= 0; index--) {
		const sent = timeOf(list[index].sent_at);
		const isNew = sent === undefined ? olderRowIsNew : sent > line;
		if (sent !== undefined && sent > line) olderRowIsNew = true;
		if (!isNew) before.unshift(list[index]);
	}
	return before;
}
