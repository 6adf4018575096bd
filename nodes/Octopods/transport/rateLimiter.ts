/**
 * One request budget per Octopods channel. Pure logic over an injected clock: the transport keeps
 * one `RateLimiter` per channel for the whole n8n process (see channels.ts) and every request of
 * every Octopods node waits its turn here before it leaves.
 *
 * Octopods counts requests when they ARRIVE, in a strict sliding window (55 per 10 s); we only see
 * when they LEAVE and when their answer comes back. Two rules keep the count, both per channel:
 *
 * 1. The schedule (`reserve`): departures are paced, one every kept window / requests, and any 56
 *    departures span at least the kept window, which is the documented one plus DEPARTURE_MARGIN.
 *    Paced rather than 55 at once: Octopods describes its limit as "evenly distributed", and a
 *    burst opens up to 55 connections whose handshakes spread the arrivals by more than any margin,
 *    while request 56, on a warm connection, arrives fast.
 * 2. The safety net (`clearance`): a request also waits until every request booked 55 or more
 *    places before it has been answered, and a window has passed since the latest of those
 *    answers. A request has always arrived by the time its answer is back, so this bounds the
 *    arrivals themselves: no trip time, event-loop stall (GC, a heavy Code node) or slow handshake
 *    can squeeze 56 arrivals into a window. On a normal network the schedule already satisfies it;
 *    it only slows the channel when a trip takes longer than the margin.
 *
 * Other processes may send with the same key (n8n queue mode: each worker is a process with its own
 * limiter; a node cannot tell, see `coolDown`). A cool-down this limiter did not cause by its own
 * count is how it learns: it halves its share of the budget and wins it back slowly.
 */
import type { Clock } from './clock';

export interface RateBudget {
	/** Requests allowed per window (Octopods: 55). */
	requests: number;
	/** The window, as Octopods counts it (10 000 ms). */
	windowMs: number;
	/**
	 * A request not answered this long after it left is taken as answered then (the transport's
	 * request timeout gives up well before): a request lost by a bug must not freeze the channel.
	 */
	maxFlightMs?: number;
}

/**
 * The schedule keeps the window 2.5 % longer than the documented one: 250 ms at 10 s. The safety
 * net proves the count against our side's jitter, but not against Octopods' side: its counter may
 * stamp arrivals with the clocks of several servers (NTP keeps them within tens of ms) or round
 * them; 250 ms covers that with room. It costs at most 2.4 % of the ceiling (5.37 instead of 5.5
 * requests/s, still above the 97 % target), and nothing once trips take longer than 250 ms, when the
 * safety net sets the pace anyway. Narrower would bet a 5-minute freeze on Octopods' clocks.
 */
export const DEPARTURE_MARGIN = 0.025;

const DEFAULT_MAX_FLIGHT_MS = 120_000;

/**
 * After a cool-down that others caused, the share of the budget this limiter keeps: with two
 * processes at the full budget, both halve and together stay within it (27 + 27 of 55).
 */
export const SHARE_AFTER_FOREIGN_COOLDOWN = 0.5;
/**
 * The share won back, of the full budget, per RECOVERY_WINDOWS windows without a cool-down (5
 * minutes at 10 s, as long as a cool-down): from half to all in 20 minutes. Slow on purpose: each
 * step up is a bet that the others have stopped, and losing it costs 5 minutes of silence, when
 * half the pace for 10 minutes costs as much.
 */
export const RECOVERY_STEP = 0.125;
export const RECOVERY_WINDOWS = 30;

/** What a 429 told the limiter: a cool-down it knew of, one its own count caused, or one others caused. */
export type CooldownCause = 'known' | 'own' | 'others';

/** A booked turn. The transport calls `finish` once the request's answer (or failure) is back. */
export interface Ticket {
	/** When the request may leave by the schedule. */
	readonly slot: number;
	finish(at: number): void;
}

class Departure implements Ticket {
	/** When the request was cleared to leave (waitForTurn sets it); undefined while it waits. */
	departedAt: number | undefined;
	finishedAt: number | undefined;
	readonly finished: Promise<void>;
	private resolve: () => void = () => {};

	constructor(
		readonly index: number,
		readonly slot: number,
	) {
		this.finished = new Promise<void>((resolve) => (this.resolve = resolve));
	}

	finish(at: number): void {
		if (this.finishedAt !== undefined) return;
		this.finishedAt = at;
		this.resolve();
	}
}

/** What the safety net asks of a request: wait for an earlier answer, or until a time. */
export type Clearance = { until: number } | { waitFor: Promise<void>; orUntil: number };

/**
 * The channel's schedule, its recent departures, and Octopods' cool-down. Turns are handed out first
 * come, first served.
 */
export class RateLimiter {
	/** Recent departures in booking order; finished ones are dropped from the front. */
	private departures: Departure[] = [];
	/** Booking index of departures[0]. */
	private firstIndex = 0;
	/** The latest answer among departures already dropped. */
	private droppedLatest = -Infinity;
	private cooldownEnd = 0;
	/** The share of the budget kept after the latest cool-down others caused (1: none yet). */
	private reducedShare = 1;
	/** When the share starts winning back: the end of that cool-down. */
	private recoveryFrom = 0;

	constructor(private budget: RateBudget) {}

	/** The budget may change when a credential is edited; the booked history is kept. */
	configure(budget: RateBudget): void {
		this.budget = budget;
	}

	get windowMs(): number {
		return this.budget.windowMs;
	}

	/** The window the schedule keeps between the 1st and the (requests+1)th departure. */
	get keptWindowMs(): number {
		return this.budget.windowMs * (1 + DEPARTURE_MARGIN);
	}

	/** The least time between two departures at the full budget. */
	get spacingMs(): number {
		return this.keptWindowMs / this.budget.requests;
	}

	/** The share of the budget kept at `now`: 1, or less since a cool-down others caused. */
	shareAt(now: number): number {
		if (this.reducedShare >= 1) return 1;
		const steps = Math.floor(Math.max(0, now - this.recoveryFrom) / (RECOVERY_WINDOWS * this.budget.windowMs));
		return Math.min(1, this.reducedShare + steps * RECOVERY_STEP);
	}

	/** Requests per window at `now`: the budget times the share kept, at least 1. */
	requestsAt(now: number): number {
		return Math.max(1, Math.floor(this.budget.requests * this.shareAt(now)));
	}

	/** When Octopods' cool-down ends (0 when there has been none). */
	get cooldownEndsAt(): number {
		return this.cooldownEnd;
	}

	/**
	 * Octopods answered 429 at `now`: the channel is paused until `until` (a later cool-down never
	 * shortens an earlier one). Every 429 of one cool-down names the same end, so an end within a
	 * window of the known one is the known cool-down. A new one is "own" when this limiter's
	 * departures in the kept window before it exceeded its budget (only a budget edited mid-queue
	 * allows that), otherwise "others": the key is shared with processes this one cannot see (n8n
	 * exposes nothing to a node about other workers), so it halves its share and wins it back
	 * slowly from the cool-down's end.
	 */
	coolDown(until: number, now: number): CooldownCause {
		const known = until <= this.cooldownEnd + this.budget.windowMs;
		this.cooldownEnd = Math.max(this.cooldownEnd, until);
		if (known) return 'known';
		if (this.departedSince(now - this.keptWindowMs) > this.requestsAt(now)) return 'own';
		this.reducedShare = Math.max(1 / this.budget.requests, this.shareAt(now) * SHARE_AFTER_FOREIGN_COOLDOWN);
		this.recoveryFrom = this.cooldownEnd;
		return 'others';
	}

	/** How many requests left after `since` (those still kept: at least a full budget's worth). */
	private departedSince(since: number): number {
		return this.departures.filter((departure) => departure.departedAt !== undefined && departure.departedAt > since).length;
	}

	/** The earliest departure the schedule allows at `now`, without booking it. */
	nextSlot(now: number): number {
		const requests = this.requestsAt(now);
		const spacing = this.keptWindowMs / requests;
		const booked = this.departures;
		let slot = now;
		if (booked.length > 0) slot = Math.max(slot, booked[booked.length - 1].slot + spacing);
		// Implied by the pacing; kept so a budget edited mid-queue can never overrun the window.
		if (booked.length >= requests) slot = Math.max(slot, booked[booked.length - requests].slot + this.keptWindowMs);
		return slot;
	}

	/** Books the next departure. */
	reserve(now: number): Ticket {
		const departure = new Departure(this.firstIndex + this.departures.length, this.nextSlot(now));
		this.departures.push(departure);
		this.dropFinished();
		return departure;
	}

	/**
	 * The safety net for `ticket`: every departure booked `requests` or more places earlier must be
	 * answered, and the ticket waits a window after the latest of those answers.
	 */
	clearance(ticket: Ticket, now: number): Clearance {
		const { index } = ticket as Departure;
		const last = index - this.requestsAt(now) - this.firstIndex;
		let latest = this.droppedLatest;
		for (let position = 0; position <= last && position < this.departures.length; position++) {
			const earlier = this.departures[position];
			const finishedAt = earlier.finishedAt ?? this.presumedFinish(earlier, now);
			if (finishedAt === undefined) {
				// Still waiting to leave, or in flight: wait for its answer (rechecking at the latest when it would count as lost).
				const recheckAt = (earlier.departedAt ?? now) + this.maxFlightMs;
				return { waitFor: earlier.finished, orUntil: recheckAt };
			}
			latest = Math.max(latest, finishedAt);
		}
		return { until: Number.isFinite(latest) ? latest + this.budget.windowMs : now };
	}

	private get maxFlightMs(): number {
		return this.budget.maxFlightMs ?? DEFAULT_MAX_FLIGHT_MS;
	}

	/**
	 * A request counts as lost only a max flight after it LEFT: one that waited long for its turn
	 * (slow answers ahead of it) is not presumed answered the moment it leaves.
	 */
	private presumedFinish(departure: Departure, now: number): number | undefined {
		if (departure.departedAt === undefined) return undefined;
		const lost = departure.departedAt + this.maxFlightMs;
		return now >= lost ? lost : undefined;
	}

	/** The request of `ticket` leaves now. */
	depart(ticket: Ticket, now: number): void {
		(ticket as Departure).departedAt ??= now;
	}

	/** Keeps at least `requests` departures, and any not yet answered. */
	private dropFinished(): void {
		const keep = Math.max(1, this.budget.requests);
		while (this.departures.length > keep * 2) {
			const first = this.departures[0];
			if (first.finishedAt === undefined) return;
			this.droppedLatest = Math.max(this.droppedLatest, first.finishedAt);
			this.departures.shift();
			this.firstIndex++;
		}
	}
}

/** Per request: how long it may wait for a cool-down, and when that wait started counting. */
export interface CooldownAllowance {
	/** Max Wait on Rate Limit, in ms. */
	maxWaitMs: number;
	/** Set the first time this request meets a cool-down: it never waits past it in total. */
	deadline?: number;
}

/**
 * Starts (once) the request's cool-down allowance; whether a cool-down ending at `until` fits in it.
 */
export function admitCooldown(allowance: CooldownAllowance, until: number, now: number): boolean {
	allowance.deadline ??= now + allowance.maxWaitMs;
	return until <= allowance.deadline;
}

/** What waitForTurn ends with: the request's turn, or a cool-down that ends beyond its Max Wait. */
export type Turn = { go: true; ticket: Ticket } | { go: false; cooldownUntil: number };

/** Resolves when `done` does or `ms` have passed; rejects when `signal` aborts. */
async function waitForEither(done: Promise<void>, ms: number, clock: Clock, signal?: AbortSignal): Promise<void> {
	const timer = new AbortController();
	const onAbort = () => timer.abort(signal?.reason);
	signal?.addEventListener('abort', onAbort, { once: true });
	try {
		await Promise.race([
			done,
			clock.sleep(ms, timer.signal).catch(() => {
				// Cut short because `done` came first, or because the execution was cancelled (checked below).
			}),
		]);
	} finally {
		signal?.removeEventListener('abort', onAbort);
		timer.abort();
	}
	signal?.throwIfAborted();
}

/**
 * Waits until this request may leave: after any cool-down (within the allowance), at its booked
 * turn, and once the safety net clears it. A cool-down that starts meanwhile is waited out too, and
 * the turn booked again afterwards. A cool-down beyond the allowance ends the wait at once. The
 * returned ticket must be finished when the request's answer is back. Rejects only when `signal`
 * aborts (the booked turn is then given up).
 */
export async function waitForTurn(
	limiter: RateLimiter,
	clock: Clock,
	allowance: CooldownAllowance,
	signal?: AbortSignal,
): Promise<Turn> {
	for (;;) {
		// A cancelled execution takes no turn, even one that would need no wait.
		signal?.throwIfAborted();
		const now = clock.now();
		const cooldownEnd = limiter.cooldownEndsAt;
		if (cooldownEnd > now) {
			if (!admitCooldown(allowance, cooldownEnd, now)) return { go: false, cooldownUntil: cooldownEnd };
			await clock.sleep(cooldownEnd - now, signal);
			continue;
		}
		const ticket = limiter.reserve(now);
		let cleared = false;
		try {
			if (ticket.slot > now) await clock.sleep(ticket.slot - now, signal);
			for (;;) {
				const clearance = limiter.clearance(ticket, clock.now());
				if ('waitFor' in clearance) {
					await waitForEither(clearance.waitFor, clearance.orUntil - clock.now(), clock, signal);
					continue;
				}
				const wait = clearance.until - clock.now();
				if (wait <= 0) break;
				await clock.sleep(wait, signal);
			}
			cleared = true;
		} finally {
			// A turn given up (cancelled execution) never sent anything: it frees its place at once.
			if (!cleared) ticket.finish(clock.now());
		}
		if (limiter.cooldownEndsAt > clock.now()) {
			ticket.finish(clock.now());
			continue;
		}
		limiter.depart(ticket, clock.now());
		return { go: true, ticket };
	}
}
