import { sleep } from 'n8n-workflow';

/** Time as the transport sees it; injectable so the limiter's logic is tested without real waits. */
export interface Clock {
	/** Milliseconds since the epoch (cool-down ends come from Octopods as absolute times). */
	now(): number;
	/** Resolves after `ms`, or rejects when `signal` aborts (a cancelled execution stops waiting). */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms, signal) => {
		if (ms <= 0) {
			signal?.throwIfAborted();
			return;
		}
		await sleep(ms, signal);
	},
};
