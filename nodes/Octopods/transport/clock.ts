import * as workflow from 'n8n-workflow';

/** Time as the transport sees it; injectable so the limiter's logic is tested without real waits. */
export interface Clock {
	/** Milliseconds since the epoch (cool-down ends come from Octopods as absolute times). */
	now(): number;
	/** Resolves after `ms`, or rejects when `signal` aborts (a cancelled execution stops waiting). */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

type AbortableSleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * n8n-workflow's abortable sleep on every n8n the node supports: 2.x's `sleep(ms, signal)`; 1.x's
 * `sleep(ms)` ignores a signal, and its `sleepWithAbort(ms, signal)` (gone in 2.x) honours it.
 * (No timers of our own: n8n's verification forbids setTimeout in node code.)
 */
const abortableSleep: AbortableSleep =
	(workflow as unknown as { sleepWithAbort?: AbortableSleep }).sleepWithAbort ?? workflow.sleep;

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms, signal) => {
		if (ms <= 0) {
			signal?.throwIfAborted();
			return;
		}
		await abortableSleep(ms, signal);
	},
};
