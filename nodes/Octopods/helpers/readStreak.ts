/**
 * Polls in a row that could not read a list the trigger polls (an error after the transport's
 * retries, an answer of no known shape): after UNREADABLE_POLLS_NOTICE of them the user is told
 * once, and told once more when the list can be read again. Not tied to one list, so each list the
 * trigger polls keeps its own streak. Pure.
 */

/** Polls in a row that cannot read a list before the trigger says so (at one poll a minute: 3 minutes). */
export const UNREADABLE_POLLS_NOTICE = 3;

export interface ReadStreak {
	/** Polls in a row that could not read the list. */
	failedPolls: number;
	/** When the first of them began (ISO). */
	since?: string;
	/** Whether this streak was told (once it reached UNREADABLE_POLLS_NOTICE). */
	told?: boolean;
}

export type StreakNotice =
	| { kind: 'unreadable'; failedPolls: number; since: string; reason: string }
	| { kind: 'readable-again'; failedPolls: number; since: string };

/** The stored streak, or none (a fresh start) when the static data holds nothing usable. */
export function readStreak(stored: unknown): ReadStreak {
	const { failedPolls, since, told } = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<ReadStreak>;
	if (typeof failedPolls !== 'number' || !Number.isInteger(failedPolls) || failedPolls <= 0) return { failedPolls: 0 };
	return { failedPolls, ...(typeof since === 'string' ? { since } : {}), ...(told === true ? { told } : {}) };
}

/**
 * The streak after one poll: `{failure}` when it could not read the list, `'read'` when it could.
 * `mayTell` is false where a notice cannot be given (the activation's poll, whose error would fail
 * the activation): the streak still counts, and the notice comes with the next poll that may tell.
 */
export function afterPoll(
	streak: ReadStreak,
	read: { failure: string } | 'read',
	now: string,
	mayTell: boolean,
): { streak: ReadStreak; notice?: StreakNotice } {
	if (read === 'read') {
		const notice: StreakNotice | undefined =
			streak.told && mayTell ? { kind: 'readable-again', failedPolls: streak.failedPolls, since: streak.since ?? now } : undefined;
		return { streak: { failedPolls: 0 }, ...(notice ? { notice } : {}) };
	}
	const failedPolls = streak.failedPolls + 1;
	const since = streak.since ?? now;
	if (streak.told || failedPolls < UNREADABLE_POLLS_NOTICE || !mayTell) {
		return { streak: { failedPolls, since, ...(streak.told ? { told: true } : {}) } };
	}
	return { streak: { failedPolls, since, told: true }, notice: { kind: 'unreadable', failedPolls, since, reason: read.failure } };
}
