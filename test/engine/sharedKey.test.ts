/**
 * One API key used by this n8n and by another process the node cannot see (in n8n queue mode,
 * another worker): the test itself plays the other process, sending straight to the sandbox with
 * the same key. The sandbox's limit is on, in time compressed 20 times (55 requests per 500 ms, a
 * 15 s cool-down), and the credential's budget matches it.
 */
import { DEFAULT_RATE_LIMIT } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/server';
import { runOctopods } from '../support/engine';
import type { OctopodsCredentials } from '../support/engine';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';
import { crmRecords, phonesSent, sendTemplateOfRecords } from '../support/sendBatch';

const TIME_SCALE = 0.05;
const WINDOW_MS = DEFAULT_RATE_LIMIT.windowMs * TIME_SCALE;
const COOLDOWN_MS = DEFAULT_RATE_LIMIT.cooldownMs * TIME_SCALE;
const env = useSandbox({ timeScale: TIME_SCALE });

const credentials = (extra: Partial<OctopodsCredentials> = {}): OctopodsCredentials => ({
	...env.defaultCredentials,
	customLimits: true,
	rateLimitRequests: 55,
	rateLimitWindowSeconds: WINDOW_MS / 1000,
	...extra,
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every sender started; stopped after each test, so a failed test leaves none sending (jest would never exit). */
const senders: OtherSender[] = [];
afterEach(() => senders.splice(0).forEach((sender) => sender.stop()));

/** The other process: sends of template 539 with the same key, straight to the sandbox. */
class OtherSender {
	sent = 0;
	private stopped = false;

	constructor(private readonly sandbox: Sandbox) {
		senders.push(this);
	}

	async send(): Promise<void> {
		const index = this.sent++;
		const response = await fetch(`${this.sandbox.url}/api/v1/whatsapp/templates/539/messages`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-octopods-auth': this.sandbox.apiKey },
			body: JSON.stringify({ destination_phone: `+35383990${String(index).padStart(4, '0')}`, message_variables: { body: [`other-${index}`] } }),
		});
		await response.arrayBuffer();
	}

	/** About `perWindow` sends per window, one after the other (a late timer only slows it), until stopped or `until` holds. */
	async paced(perWindow: number, until: () => boolean = () => false): Promise<void> {
		while (!this.stopped && !until()) {
			await this.send();
			await pause(WINDOW_MS / perWindow);
		}
	}

	/**
	 * Bursts of `size` sends at once, each a window after the previous one was answered (so at most
	 * `size` of them in any window), until `until` holds.
	 */
	async bursts(size: number, until: () => boolean): Promise<void> {
		while (!this.stopped && !until()) {
			await Promise.all(Array.from({ length: size }, () => this.send()));
			await pause(WINDOW_MS + 10);
		}
	}

	stop(): void {
		this.stopped = true;
	}
}

const refusals = (sandbox: Sandbox) => sandbox.received.filter((request) => request.status === 429);
/** Cool-downs: 429s more than a cool-down apart from the first of the previous one. */
function cooldowns(sandbox: Sandbox): number[] {
	const starts: number[] = [];
	for (const { at } of refusals(sandbox)) if (starts.length === 0 || at >= starts[starts.length - 1] + COOLDOWN_MS) starts.push(at);
	return starts;
}


describe('A key shared with a process the node cannot see (time compressed 20x)', () => {
	it('learns from a cool-down it did not cause: waits it out, resumes at half pace, sends every item once, trips no second one', async () => {
		const other = new OtherSender(env.sandbox);
		// The other process sends bursts of 45 a window apart (never past 55 by itself); once it is going,
		// the node starts its 150 items at its full 55: together past 55 as soon as the node sends 11 in
		// a window, however busy the machine.
		const pressure = other.bursts(45, () => refusals(env.sandbox).length > 0);
		while (other.sent < 45) await pause(5);
		const node = runOctopods({ parameters: sendTemplateOfRecords(), items: crmRecords(0, 150, 3), credentials: credentials() });
		await pressure;
		// After the cool-down the other process keeps sending at about 25 per window, less than half of 55.
		const tripped = refusals(env.sandbox)[0].at;
		await pause(tripped + COOLDOWN_MS - Date.now() + 20);
		const steady = other.paced(25);
		const run = await node;
		other.stop();
		await steady;
		const mine = phonesSent(env.sandbox).filter((phone) => phone.startsWith('+3538380'));
		console.log(
			`shared key: 150 items + ${other.sent} sends of another process: 429s=${refusals(env.sandbox).length} cool-downs=${cooldowns(env.sandbox).length}`,
		);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(150);
		expect(run.items.every((item) => item.json.message_id !== undefined)).toBe(true);
		expect(mine).toHaveLength(150);
		expect(new Set(mine).size).toBe(150);
		expect(cooldowns(env.sandbox)).toHaveLength(1);
		expect(visibleText(run)).not.toContain(SECRET_KEY);
	}, 90_000);

	it('with Processes Sharing This Key 2, keeps to half the budget: no 429 beside another process sending its half', async () => {
		const other = new OtherSender(env.sandbox);
		const steady = other.paced(25);
		const run = await runOctopods({
			parameters: sendTemplateOfRecords(),
			items: crmRecords(0, 100, 3),
			credentials: credentials({ processesSharingKey: 2 }),
		});
		other.stop();
		await steady;
		console.log(`shared key, split: 100 items + ${other.sent} sends of another process: 429s=${refusals(env.sandbox).length}`);
		expect(run.error).toBeUndefined();
		expect(run.items.every((item) => item.json.message_id !== undefined)).toBe(true);
		expect(refusals(env.sandbox)).toEqual([]);
	});
});
