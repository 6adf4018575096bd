/**
 * Where the trigger keeps each polled list's read streak (helpers/readStreak.ts) in the node's
 * static data, and how a notice reaches the user: a failed execution with a clear message, which
 * n8n records in the Executions list (and hands to the workflow's error workflow).
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { afterPoll, readStreak, type StreakNotice } from '../helpers/readStreak';

/** `{ [list]: ReadStreak }` in the node's static data. */
const READS_KEY = 'octopodsTriggerReads';

/** What a poll tells the user after its events: a text and its details. */
export interface PollNotice {
	message: string;
	description: string;
}

/**
 * Records one poll's read of a list (`list` names it in the static data, `what` for the user) and
 * returns what to tell, if anything.
 */
export function recordListRead(
	staticData: IDataObject,
	list: string,
	what: string,
	read: { failure: string } | 'read',
	now: number,
	mayTell: boolean,
): PollNotice | undefined {
	const reads = (typeof staticData[READS_KEY] === 'object' && staticData[READS_KEY] !== null ? staticData[READS_KEY] : {}) as IDataObject;
	const { streak, notice } = afterPoll(readStreak(reads[list]), read, new Date(now).toISOString(), mayTell);
	staticData[READS_KEY] = { ...reads, [list]: streak as unknown as IDataObject };
	return notice ? noticeText(notice, what) : undefined;
}

function noticeText(notice: StreakNotice, what: string): PollNotice {
	if (notice.kind === 'unreadable') {
		return {
			message: `The Octopods Trigger could not read ${what} in ${notice.failedPolls} polls in a row (since ${notice.since}): ${notice.reason}`,
			description: `Nothing it saw is lost: what changes meanwhile is reported, each change once, when ${what} can be read again, and the trigger says so then. This is said once; n8n's log has a line for each poll.`,
		};
	}
	return {
		message: `The Octopods Trigger reads ${what} again, after ${notice.failedPolls} polls in a row that could not (since ${notice.since})`,
		description: 'What changed in between was reported with this poll, each change once. Nothing to do.',
	};
}

/** One failed execution for every notice of a poll (thrown after its events were emitted). */
export function noticeError(context: IPollFunctions, notices: PollNotice[]): NodeOperationError {
	return new NodeOperationError(context.getNode(), notices.map((notice) => notice.message).join('. Also: '), {
		description: notices.map((notice) => notice.description).join(' '),
	});
}
