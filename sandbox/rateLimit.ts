/**
 * The documented per-channel limit: 55 requests per 10 s; going past it puts the channel on a
 * 5-minute cool-down during which every request is refused. Durations arrive already time-scaled.
 */
import { randomUUID } from 'crypto';

export interface RateLimitSettings {
	requests: number;
	windowMs: number;
	cooldownMs: number;
}

export interface RateRefusal {
	allowed: false;
	cooldownEndsAt: number;
	settings: RateLimitSettings;
}

export type RateDecision = { allowed: true } | RateRefusal;

interface ChannelState {
	arrivals: number[];
	cooldownEndsAt: number;
}

export class RateLimiter {
	private readonly channels = new Map<string, ChannelState>();

	constructor(readonly settings: RateLimitSettings | false) {}

	/** Records an arrival and says whether it may proceed; refused requests are not counted as arrivals. */
	check(channel: string, now: number): RateDecision {
		const settings = this.settings;
		if (settings === false) return { allowed: true };
		const state = this.stateOf(channel);
		if (now >= state.cooldownEndsAt) {
			// Strict sliding window: only arrivals within the last windowMs count.
			const windowStart = now - settings.windowMs;
			while (state.arrivals.length > 0 && state.arrivals[0] <= windowStart) state.arrivals.shift();
			if (state.arrivals.length < settings.requests) {
				state.arrivals.push(now);
				return { allowed: true };
			}
			state.cooldownEndsAt = now + settings.cooldownMs;
			// After the cool-down the channel starts afresh rather than with a window of stale arrivals.
			state.arrivals = [];
		}
		return { allowed: false, cooldownEndsAt: state.cooldownEndsAt, settings };
	}

	reset(): void {
		this.channels.clear();
	}

	private stateOf(channel: string): ChannelState {
		let state = this.channels.get(channel);
		if (state === undefined) {
			state = { arrivals: [], cooldownEndsAt: 0 };
			this.channels.set(channel, state);
		}
		return state;
	}
}

/** The docs promise the cool-down's end time in the message; `cooldown_ends_at` repeats it for machines. */
export function tooManyRequestsBody(refusal: RateRefusal): Record<string, string> {
	const endsAt = new Date(refusal.cooldownEndsAt).toISOString();
	const seconds = Number((refusal.settings.windowMs / 1000).toFixed(3));
	const limit = `${refusal.settings.requests} requests per ${seconds} seconds`;
	return {
		request_id: randomUUID(),
		error: `Too many requests: this channel exceeded ${limit} and is cooling down until ${endsAt}.`,
		cooldown_ends_at: endsAt,
	};
}
