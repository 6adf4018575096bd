import {
	admitCooldown,
	DEPARTURE_MARGIN,
	RateLimiter,
	waitForTurn,
} from '../../nodes/Octopods/transport/rateLimiter';
import type { CooldownAllowance, Ticket } from '../../nodes/Octopods/transport/rateLimiter';
import { RateLimiter as SandboxLimiter } from '../../sandbox/rateLimit';
import { FakeClock, settle } from '../support/fakeClock';

const BUDGET = { requests: 55, windowMs: 10_000 };
const KEPT = 10_000 * (1 + DEPARTURE_MARGIN);
const SPACING = KEPT / 55;
const T0 = 1_000_000;

/** A deterministic PRNG, so the "random" schedules below are the same on every run. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) % 2147483648;
		return state / 2147483648;
	};
}

/** Octopods' own counter (the sandbox's): the arrivals it would refuse. */
function refused(arrivals: number[], requests = 55, windowMs = 10_000): number[] {
	const octopods = new SandboxLimiter({ requests, windowMs, cooldownMs: 300_000 });
	return [...arrivals].sort((a, b) => a - b).filter((at) => !octopods.check('channel', at).allowed);
}

describe('RateLimiter: the schedule', () => {
	it('keeps the window 2.5 % longer than the documented one, and paces departures evenly in it', () => {
		const limiter = new RateLimiter(BUDGET);
		expect(DEPARTURE_MARGIN).toBe(0.025);
		expect(limiter.keptWindowMs).toBe(10_250);
		expect(limiter.spacingMs).toBeCloseTo(186.36, 2);
		const slots = Array.from({ length: 56 }, () => limiter.reserve(T0).slot);
		expect(slots[0]).toBe(T0);
		expect(slots[1]).toBeCloseTo(T0 + SPACING, 6);
		expect(slots[55]).toBeCloseTo(T0 + KEPT, 6);
	});

	it('lets a request on an idle channel go at once', () => {
		const limiter = new RateLimiter(BUDGET);
		limiter.reserve(T0);
		expect(limiter.nextSlot(T0 + 1000)).toBe(T0 + 1000);
	});

	it('never books more than the budget in any kept window, whatever the pattern of demand', () => {
		const limiter = new RateLimiter(BUDGET);
		const next = random(42);
		let now = T0;
		const slots: number[] = [];
		for (let index = 0; index < 2000; index++) {
			now += Math.floor(next() * 400);
			slots.push(limiter.reserve(now).slot);
		}
		for (let index = 1; index < slots.length; index++) expect(slots[index]).toBeGreaterThanOrEqual(slots[index - 1]);
		for (let index = 55; index < slots.length; index++) {
			expect(slots[index] - slots[index - 55]).toBeGreaterThanOrEqual(KEPT - 1e-6);
		}
	});

	it("keeps Octopods' count when trips vary by up to the margin, and not without the margin", () => {
		const booked = (margin: number) => {
			const limiter = new RateLimiter(BUDGET);
			return Array.from({ length: 500 }, () => limiter.reserve(T0).slot).map(
				(slot) => T0 + ((slot - T0) / (1 + DEPARTURE_MARGIN)) * (1 + margin),
			);
		};
		const next = random(7);
		const trip = (departure: number) => departure + 20 + next() * 10_000 * DEPARTURE_MARGIN;
		expect(refused(booked(DEPARTURE_MARGIN).map(trip))).toEqual([]);
		expect(refused(booked(0).map(trip)).length).toBeGreaterThan(0);
	});

	it('takes a new budget from an edited credential', () => {
		const limiter = new RateLimiter({ requests: 2, windowMs: 1000 });
		limiter.reserve(0);
		limiter.configure({ requests: 4, windowMs: 1000 });
		expect(limiter.nextSlot(0)).toBe(256.25);
		expect(limiter.windowMs).toBe(1000);
	});

	it('remembers the latest cool-down end; an earlier one never shortens it', () => {
		const limiter = new RateLimiter(BUDGET);
		expect(limiter.cooldownEndsAt).toBe(0);
		limiter.coolDown(T0 + 300_000, T0);
		limiter.coolDown(T0 + 1000, T0);
		expect(limiter.cooldownEndsAt).toBe(T0 + 300_000);
	});
});

describe('RateLimiter: the safety net on answers', () => {
	it('holds a request until the one a budget before it is answered, then a window after that answer', () => {
		const limiter = new RateLimiter({ requests: 2, windowMs: 1000 });
		const first = limiter.reserve(0);
		limiter.reserve(0);
		const third = limiter.reserve(0);
		expect(third.slot).toBe(1025);
		limiter.depart(first, 0);
		expect(limiter.clearance(third, 1025)).toEqual({ waitFor: expect.any(Promise), orUntil: 120_000 });
		// The first request's answer took 1.5 s: it may have arrived as late as that.
		first.finish(1500);
		expect(limiter.clearance(third, 1025)).toEqual({ until: 2500 });
	});

	it('is met by the schedule itself when answers come back quickly', () => {
		const limiter = new RateLimiter({ requests: 2, windowMs: 1000 });
		const tickets = Array.from({ length: 3 }, () => limiter.reserve(0));
		tickets[0].finish(10);
		tickets[1].finish(520);
		expect(limiter.clearance(tickets[2], tickets[2].slot)).toEqual({ until: 1010 });
		expect(tickets[2].slot).toBeGreaterThan(1010);
	});

	it('takes a request never finished (a bug) as answered maxFlightMs after it left, so the channel cannot freeze', () => {
		const limiter = new RateLimiter({ requests: 1, windowMs: 1000, maxFlightMs: 5000 });
		const first = limiter.reserve(0);
		const second = limiter.reserve(0);
		limiter.depart(first, 200);
		expect(limiter.clearance(second, 5199)).toEqual({ waitFor: expect.any(Promise), orUntil: 5200 });
		expect(limiter.clearance(second, 5200)).toEqual({ until: 6200 });
	});

	it('never takes a request that has not left yet as answered, however long ago its turn was booked', () => {
		const limiter = new RateLimiter({ requests: 1, windowMs: 1000, maxFlightMs: 5000 });
		limiter.reserve(0);
		const second = limiter.reserve(0);
		expect(limiter.clearance(second, 60_000)).toEqual({ waitFor: expect.any(Promise), orUntil: 65_000 });
	});
});

describe('admitCooldown: Max Wait on Rate Limit', () => {
	it('counts from the first cool-down the request meets, not from each new one', () => {
		const allowance: CooldownAllowance = { maxWaitMs: 330_000 };
		expect(admitCooldown(allowance, T0 + 300_000, T0)).toBe(true);
		expect(allowance.deadline).toBe(T0 + 330_000);
		// A second 429 later on: only 30 s of the allowance are left.
		expect(admitCooldown(allowance, T0 + 301_000 + 300_000, T0 + 301_000)).toBe(false);
	});

	it('with 0 admits no cool-down at all', () => {
		expect(admitCooldown({ maxWaitMs: 0 }, T0 + 1, T0)).toBe(false);
	});
});

describe('waitForTurn: every request of the channel queues on one budget', () => {
	/** Takes a turn, "sends" with the given trip times, and finishes the ticket when answered. */
	async function request(
		limiter: RateLimiter,
		clock: FakeClock,
		trip: { outMs: number; backMs: number } = { outMs: 0, backMs: 0 },
		maxWaitMs = 330_000,
	) {
		const turn = await waitForTurn(limiter, clock, { maxWaitMs });
		if (!turn.go) return { turn, departed: clock.now(), arrived: NaN };
		const departed = clock.now();
		await clock.sleep(trip.outMs);
		const arrived = clock.now();
		await clock.sleep(trip.backMs);
		turn.ticket.finish(clock.now());
		return { turn, departed, arrived };
	}

	it('paces 60 requests wanting to go at once, in order of arrival', async () => {
		const clock = new FakeClock(T0);
		const limiter = new RateLimiter(BUDGET);
		const requests = Array.from({ length: 60 }, () => request(limiter, clock));
		await clock.run();
		const departed = (await Promise.all(requests)).map((result) => result.departed);
		departed.forEach((at, index) => expect(at).toBeCloseTo(T0 + index * SPACING, 6));
	});

	it('never lets 56 arrivals into a window, however long and uneven the trips (stalls, slow handshakes)', async () => {
		const clock = new FakeClock(T0);
		const limiter = new RateLimiter(BUDGET);
		const next = random(3);
		const results: Array<Promise<{ arrived: number }>> = [];
		const arrivalTimes: number[] = [];
		// 400 requests from 25 workers; trips from 1 ms to 3 s one way, a few stalls of 8 s.
		for (let worker = 0; worker < 25; worker++) {
			results.push(
				(async () => {
					let arrived = 0;
					for (let index = 0; index < 16; index++) {
						const stall = next() < 0.02 ? 8000 : 0;
						const result = await request(limiter, clock, { outMs: 1 + next() * 3000 + stall, backMs: next() * 500 });
						arrived = result.arrived;
						arrivalTimes.push(arrived);
					}
					return { arrived };
				})(),
			);
		}
		await clock.run();
		await Promise.all(results);
		expect(arrivalTimes).toHaveLength(400);
		expect(refused(arrivalTimes)).toEqual([]);
	});

	it('keeps the count when a long queue meets slow answers (300 queued, every answer 20 s late)', async () => {
		const clock = new FakeClock(T0);
		// As the transport sets it: two request timeouts (30 s) and a window.
		const limiter = new RateLimiter({ ...BUDGET, maxFlightMs: 70_000 });
		const requests = Array.from({ length: 300 }, () => request(limiter, clock, { outMs: 0, backMs: 20_000 }));
		await clock.run();
		const arrivals = (await Promise.all(requests)).map((result) => result.arrived);
		expect(refused(arrivals)).toEqual([]);
	});

	it('waits out a cool-down that starts while it is queued, then takes a new turn', async () => {
		const clock = new FakeClock(T0);
		const limiter = new RateLimiter({ requests: 1, windowMs: 1000 });
		const first = request(limiter, clock);
		const second = request(limiter, clock);
		await clock.run(T0 + 500);
		// The first request got a 429: the channel pauses until T0 + 60 s.
		limiter.coolDown(T0 + 60_000, T0 + 500);
		await clock.run();
		expect((await first).departed).toBe(T0);
		expect((await second).departed).toBe(T0 + 60_000);
	});

	it('gives up at once (booking nothing) on a cool-down beyond Max Wait, naming its end', async () => {
		const clock = new FakeClock(T0);
		const limiter = new RateLimiter(BUDGET);
		limiter.coolDown(T0 + 300_000, T0);
		const waiting = request(limiter, clock, undefined, 60_000);
		await clock.run();
		expect((await waiting).turn).toEqual({ go: false, cooldownUntil: T0 + 300_000 });
		expect((await waiting).departed).toBe(T0);
		expect(limiter.nextSlot(T0)).toBe(T0);
	});

	it('waits for a cool-down within Max Wait, then goes', async () => {
		const clock = new FakeClock(T0);
		const limiter = new RateLimiter(BUDGET);
		limiter.coolDown(T0 + 300_000, T0);
		const waiting = request(limiter, clock);
		await clock.run();
		expect((await waiting).departed).toBe(T0 + 300_000);
	});

	it('takes no turn at all for an execution already cancelled, even when none would need a wait', async () => {
		const clock = new FakeClock(T0);
		const limiter = new RateLimiter(BUDGET);
		const controller = new AbortController();
		controller.abort(new Error('cancelled'));
		await expect(waitForTurn(limiter, clock, { maxWaitMs: 0 }, controller.signal)).rejects.toThrow('cancelled');
		expect(limiter.nextSlot(T0)).toBe(T0);
	});

	it('stops waiting when the execution is cancelled, and frees its place for the next request', async () => {
		const clock = new FakeClock(T0);
		const limiter = new RateLimiter({ requests: 1, windowMs: 1000 });
		const first: Ticket = limiter.reserve(T0);
		first.finish(T0);
		const controller = new AbortController();
		const cancelled = waitForTurn(limiter, clock, { maxWaitMs: 0 }, controller.signal);
		await settle();
		controller.abort(new Error('cancelled'));
		await expect(cancelled).rejects.toThrow('cancelled');
		const next = request(limiter, clock);
		await clock.run();
		expect((await next).turn.go).toBe(true);
	});
});

describe('RateLimiter: a key shared with processes it cannot see (n8n queue mode)', () => {
	const COOLDOWN_MS = 300_000;

	/** Books and sends `count` requests at the schedule's pace, as the transport does. */
	function departPaced(limiter: RateLimiter, count: number, from: number): number {
		let now = from;
		for (let index = 0; index < count; index++) {
			const ticket = limiter.reserve(now);
			now = ticket.slot;
			limiter.depart(ticket, now);
			ticket.finish(now + 5);
		}
		return now;
	}

	it('halves its pace after a cool-down its own count did not cause, once per cool-down', () => {
		const limiter = new RateLimiter(BUDGET);
		// 28 of its own in the window, yet Octopods counted 56: another process sent the rest.
		const now = departPaced(limiter, 28, T0) + 5;
		const until = now + COOLDOWN_MS;
		expect(limiter.coolDown(until, now)).toBe('others');
		// The other requests in flight meet the same cool-down: it is learnt from once.
		expect(limiter.coolDown(until, now + 30)).toBe('known');
		expect(limiter.requestsAt(until)).toBe(27);
		const first = limiter.reserve(until).slot;
		expect(limiter.reserve(until).slot - first).toBeCloseTo(KEPT / 27, 6);
	});

	it('wins its share back slowly: an eighth of the budget per 30 windows (5 minutes) without a cool-down', () => {
		const limiter = new RateLimiter(BUDGET);
		const until = T0 + COOLDOWN_MS;
		limiter.coolDown(until, T0);
		expect(limiter.shareAt(until)).toBe(0.5);
		expect(limiter.requestsAt(until + 299_999)).toBe(27);
		expect(limiter.requestsAt(until + 300_000)).toBe(34);
		expect(limiter.requestsAt(until + 900_000)).toBe(48);
		expect(limiter.requestsAt(until + 1_200_000)).toBe(55);
		expect(limiter.shareAt(until + 10_000_000)).toBe(1);
	});

	it('halves again after a second such cool-down, never below one request per window', () => {
		const limiter = new RateLimiter(BUDGET);
		let end = T0;
		const shares: number[] = [];
		for (let round = 0; round < 8; round++) {
			const now = end + 1000;
			end = now + COOLDOWN_MS;
			expect(limiter.coolDown(end, now)).toBe('others');
			shares.push(limiter.requestsAt(end));
		}
		expect(shares).toEqual([27, 13, 6, 3, 1, 1, 1, 1]);
	});

	it('leaves its pace alone after a cool-down its own count caused (a budget cut while requests were out)', () => {
		const limiter = new RateLimiter(BUDGET);
		const now = departPaced(limiter, 55, T0) + 5;
		limiter.configure({ requests: 10, windowMs: 10_000 });
		expect(limiter.coolDown(now + COOLDOWN_MS, now)).toBe('own');
		expect(limiter.requestsAt(now + COOLDOWN_MS)).toBe(10);
	});

	/**
	 * `processes` limiters on one key, each sending `each` requests that all want to go at once, as
	 * the transport does (a 429 pauses the limiter's channel, the request asks again afterwards,
	 * within Max Wait), against Octopods' own counter (the sandbox's).
	 */
	async function sharedKey(processes: number, budget: typeof BUDGET, each: number) {
		const clock = new FakeClock(T0);
		const octopods = new SandboxLimiter({ requests: 55, windowMs: 10_000, cooldownMs: COOLDOWN_MS });
		const limiters = Array.from({ length: processes }, () => new RateLimiter(budget));
		const seen = { accepted: 0, refusedAt: [] as number[], cooldownEnds: new Set<number>(), lastAcceptedAt: 0 };
		async function send(limiter: RateLimiter): Promise<void> {
			const allowance: CooldownAllowance = { maxWaitMs: 330_000 };
			for (;;) {
				const turn = await waitForTurn(limiter, clock, allowance);
				if (!turn.go) throw new Error('gave up: a cool-down beyond Max Wait');
				await clock.sleep(20);
				const decision = octopods.check('key', clock.now());
				await clock.sleep(20);
				turn.ticket.finish(clock.now());
				if (decision.allowed) {
					seen.accepted++;
					seen.lastAcceptedAt = Math.max(seen.lastAcceptedAt, clock.now() - 20);
					return;
				}
				seen.refusedAt.push(clock.now());
				seen.cooldownEnds.add(decision.cooldownEndsAt);
				limiter.coolDown(decision.cooldownEndsAt, clock.now());
			}
		}
		const all = limiters.flatMap((limiter) => Array.from({ length: each }, () => send(limiter)));
		await clock.run();
		await Promise.all(all);
		return { ...seen, limiters, clock };
	}

	it('two processes at the full budget: one cool-down, then both at half pace, all sent, no second one', async () => {
		const run = await sharedKey(2, BUDGET, 100);
		expect(run.accepted).toBe(200);
		expect(run.cooldownEnds.size).toBe(1);
		const [end] = run.cooldownEnds;
		expect(run.refusedAt.every((at) => at < end)).toBe(true);
		for (const limiter of run.limiters) expect(limiter.requestsAt(end)).toBe(27);
		// 200 sends less the ~55 before the cool-down, at 54 per 10.25 s after it.
		expect(run.lastAcceptedAt - end).toBeLessThan(30_000);
	});

	it('two processes with the budget split (Processes Sharing This Key 2: 27 each): no 429 at all', async () => {
		const run = await sharedKey(2, { requests: 27, windowMs: 10_000 }, 100);
		expect(run.accepted).toBe(200);
		expect(run.refusedAt).toEqual([]);
		for (const limiter of run.limiters) expect(limiter.shareAt(run.clock.now())).toBe(1);
	});
});
