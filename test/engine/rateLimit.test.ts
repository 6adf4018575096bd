/**
 * The shared budget against the sandbox with its limit ON, in time compressed 20 times: 55
 * requests per 500 ms, a 15 s cool-down. The credential's budget is set to match (55 per 0.5 s).
 * Not compressed further: at 0.01 the ceiling (550 requests/s) is more than n8n's engine and the
 * sandbox can push through one CPU in one process, so the figure would measure the machine, not
 * the limiter (the count stays right: no 429s at any scale, thanks to the safety net on answers).
 * Timings are printed, not asserted tightly: only a loose sanity bound.
 */
import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../sandbox/server';
import type { ReceivedRequest, Sandbox } from '../../sandbox/server';
import { runOctopods } from '../support/engine';
import type { EngineRun, OctopodsCredentials } from '../support/engine';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';
import { crmRecords, phonesSent, sendTemplateOfRecords } from '../support/sendBatch';

const TIME_SCALE = 0.05;
const WINDOW_MS = 10_000 * TIME_SCALE;
const env = useSandbox({ timeScale: TIME_SCALE });

function credentials(sandbox?: Sandbox, extra: Partial<OctopodsCredentials> = {}): OctopodsCredentials {
	const base = sandbox ? { apiKey: sandbox.apiKey, baseUrl: sandbox.url } : env.credentials;
	return { ...base, customLimits: true, rateLimitRequests: 55, rateLimitWindowSeconds: WINDOW_MS / 1000, ...extra };
}

const batch = (from: number, count: number): IDataObject[] => crmRecords(from, count, 2);

/**
 * Throughput as a share of the ceiling: the rate from the first arrival to the last, against the
 * documented 55 requests per window.
 */
function shareOfCeiling(requests: ReceivedRequest[]): number {
	const times = requests.map((request) => request.at).sort((a, b) => a - b);
	const rate = (times.length - 1) / (times[times.length - 1] - times[0]);
	return rate / (55 / WINDOW_MS);
}

function expectAllSentOnce(sandbox: Sandbox, runs: EngineRun[], count: number): void {
	const sent = phonesSent(sandbox);
	expect(sent).toHaveLength(count);
	expect(new Set(sent).size).toBe(count);
	for (const run of runs) {
		expect(run.error).toBeUndefined();
		expect(run.items.every((item) => item.json.message_id !== undefined)).toBe(true);
		expect(visibleText(run)).not.toContain(SECRET_KEY);
	}
}

const refusals = (sandbox: Sandbox) => sandbox.received.filter((request) => request.status === 429);

describe('One budget per channel, against the sandbox with its limit on (time compressed 20x)', () => {
	it('sends 200 items in one execution with zero 429s, close to the ceiling', async () => {
		const run = await runOctopods({ parameters: sendTemplateOfRecords(), items: batch(0, 200), credentials: credentials() });
		const share = shareOfCeiling(env.sandbox.received);
		console.log(
			`rate limit: one execution, 200 sends: requests=${env.sandbox.received.length} 429s=${refusals(env.sandbox).length} ` +
				`throughput=${(share * 100).toFixed(1)}% of the ceiling`,
		);
		expect(refusals(env.sandbox)).toEqual([]);
		expectAllSentOnce(env.sandbox, [run], 200);
		expect(run.items.map((item) => item.pairedItem)).toEqual(Array.from({ length: 200 }, (_, item) => ({ item })));
		// One template look-up, then one request per send.
		expect(env.sandbox.received).toHaveLength(201);
		// Loose sanity bound only (a busy CI machine is slower): a limiter that waited a window per
		// request, say, would show 2 %.
		expect(share).toBeGreaterThan(0.1);
	});

	it('shares the budget between two executions running at once on one credential', async () => {
		const runs = await Promise.all([
			runOctopods({ parameters: sendTemplateOfRecords(), items: batch(0, 100), credentials: credentials() }),
			runOctopods({ parameters: sendTemplateOfRecords(), items: batch(100, 100), credentials: credentials() }),
		]);
		const share = shareOfCeiling(env.sandbox.received);
		console.log(
			`rate limit: two executions, 100 sends each: 429s=${refusals(env.sandbox).length} throughput=${(share * 100).toFixed(1)}% of the ceiling`,
		);
		expect(refusals(env.sandbox)).toEqual([]);
		expectAllSentOnce(env.sandbox, runs, 200);
		// The template look-up is shared too: one for both executions.
		expect(env.sandbox.received.filter((request) => request.method === 'GET')).toHaveLength(1);
	});

	it('queues 100 single-item executions started at once (CRM events): zero 429s, about one request per send', async () => {
		const runs = await Promise.all(
			Array.from({ length: 100 }, (_, index) =>
				runOctopods({ parameters: sendTemplateOfRecords(), items: batch(index, 1), credentials: credentials() }),
			),
		);
		const share = shareOfCeiling(env.sandbox.received);
		console.log(
			`rate limit: 100 executions of one send: requests=${env.sandbox.received.length} 429s=${refusals(env.sandbox).length} ` +
				`throughput=${(share * 100).toFixed(1)}% of the ceiling`,
		);
		expect(refusals(env.sandbox)).toEqual([]);
		expectAllSentOnce(env.sandbox, runs, 100);
		expect(env.sandbox.received).toHaveLength(101);
	});
});

describe("Octopods' cool-down (HTTP 429) when the budget is set too high", () => {
	// 10 requests per 500 ms, then a 1.5 s cool-down (time compressed 20x); the credential claims 100
	// per 500 ms. Not faster: at 10 per 100 ms a busy machine's node did not always reach the limit.
	const STRICT_SCALE = 0.05;
	const STRICT_COOLDOWN_MS = 30_000 * STRICT_SCALE;
	let strict: Sandbox;
	const strictCredentials = (extra: Partial<OctopodsCredentials> = {}) =>
		credentials(strict, { rateLimitRequests: 100, rateLimitWindowSeconds: 10 * STRICT_SCALE, ...extra });
	beforeAll(async () => {
		strict = await startSandbox({
			timeScale: STRICT_SCALE,
			rateLimit: { requests: 10, windowMs: 10_000, cooldownMs: 30_000 },
		});
	});
	beforeEach(() => strict.reset());
	afterAll(async () => await strict.close());

	it('pauses every request of the channel until the cool-down ends, then sends each item once', async () => {
		const started = Date.now();
		const run = await runOctopods({
			parameters: sendTemplateOfRecords(),
			items: batch(0, 30),
			credentials: strictCredentials(),
		});
		const tookMs = Date.now() - started;
		console.log(`rate limit: budget too high: 30 sends, 429s=${refusals(strict).length}, ${tookMs} ms`);
		expect(refusals(strict).length).toBeGreaterThan(0);
		expectAllSentOnce(strict, [run], 30);
		// At least one cool-down was waited out.
		expect(tookMs).toBeGreaterThanOrEqual(STRICT_COOLDOWN_MS);
		// Once a 429 came back, no request left until the cool-down ended: the only other requests
		// refused in a cool-down are those already on their way (at most Items in Parallel - 1).
		const periods: Array<{ endsAt: number; refused: number }> = [];
		for (const refusal of refusals(strict)) {
			const current = periods[periods.length - 1];
			if (current && refusal.at < current.endsAt) current.refused++;
			else periods.push({ endsAt: refusal.at + STRICT_COOLDOWN_MS, refused: 1 });
		}
		// Each cool-down halves the pace (the limiter cannot tell a budget set too high from another sender).
		console.log(`rate limit: budget too high: cool-downs=${periods.length}`);
		expect(periods.every((period) => period.refused <= 5)).toBe(true);
	});

	it('with Max Wait on Rate Limit 0, fails the items it cannot send, naming when to retry', async () => {
		const run = await runOctopods({
			parameters: sendTemplateOfRecords({ maxWaitOnRateLimit: 0 }),
			items: batch(0, 30),
			continueOnFail: true,
			credentials: strictCredentials(),
		});
		const endsAt = refusals(strict)[0].at + STRICT_COOLDOWN_MS;
		const failed = run.items.filter((item) => item.json.error !== undefined);
		const sent = phonesSent(strict);
		console.log(`rate limit: max wait 0: 30 items, sent=${sent.length} failed=${failed.length} 429s=${refusals(strict).length}`);
		expect(run.items).toHaveLength(30);
		expect(failed.length + sent.length).toBe(30);
		expect(new Set(sent).size).toBe(sent.length);
		for (const item of failed) {
			expect(item.json.error).toMatch(/^Octopods paused this channel for too many requests until \S+Z: retry after that time$/);
			expect(Date.parse(String(item.json.retryAfter))).toBeGreaterThanOrEqual(endsAt - 5);
			expect(item.json.httpCode).toBe('429');
		}
		expect(visibleText(run)).not.toContain(SECRET_KEY);
	});
});
