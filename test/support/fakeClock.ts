import type { Clock } from '../../nodes/Octopods/transport/clock';

interface Timer {
	at: number;
	order: number;
	resolve: () => void;
}

/** Lets every pending promise callback run (including those queued by timers just fired). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Virtual time for the transport's waiting logic: `sleep` parks the caller until `run()` moves the
 * clock to its wake-up time. No real time passes, so assertions on times are exact.
 */
export class FakeClock implements Clock {
	private timers: Timer[] = [];
	private order = 0;

	constructor(public time = 1_000_000) {}

	now = (): number => this.time;

	sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
		signal?.throwIfAborted();
		if (ms <= 0) return;
		await new Promise<void>((resolve, reject) => {
			const timer: Timer = { at: this.time + ms, order: this.order++, resolve };
			this.timers.push(timer);
			signal?.addEventListener('abort', () => {
				this.timers = this.timers.filter((t) => t !== timer);
				reject(signal.reason);
			});
		});
	};

	/** Fires timers in time order, letting callers react, until none is left or `until` is reached. */
	async run(until = Infinity): Promise<void> {
		for (;;) {
			await settle();
			this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
			const next = this.timers[0];
			if (next === undefined || next.at > until) {
				if (until !== Infinity) this.time = Math.max(this.time, until);
				return;
			}
			this.timers.shift();
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
	}

	get pending(): number {
		return this.timers.length;
	}
}
