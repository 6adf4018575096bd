/**
 * Fault injection: batches of sends through n8n's real engine while the sandbox fails the way a
 * real network and a real Octopods do. Every run checks the four promises of the transport:
 * one output per input, no message accepted twice, the API key nowhere, and the documented message
 * for each failure. One line per mode is printed with the counts.
 */
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { FaultSpec } from '../../sandbox/server';
import { runOctopods } from '../support/engine';
import type { EngineRun, OctopodsCredentials } from '../support/engine';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';
import { crmRecords, phoneOf, phonesSent, sendTemplateOfRecords } from '../support/sendBatch';

const env = useSandbox({ rateLimit: false });
const ITEMS = 20;
/** Request Timeout for the slow-answer cases; the other cases keep 5 s, so a busy machine cannot time them out. */
const TIMEOUT_S = 0.5;

const batch = (count = ITEMS): IDataObject[] => crmRecords(0, count);

/** The fixture's budget (Octopods' time compressed 100 times: back-offs of 5 and 10 ms), answers awaited 5 s. */
function credentials(extra: Partial<OctopodsCredentials> = {}): OctopodsCredentials {
	return { ...env.credentials, requestTimeoutSeconds: 5, ...extra };
}
const slowCredentials = { requestTimeoutSeconds: TIMEOUT_S };

interface Tally {
	run: EngineRun;
	sent: string[];
	failed: INodeExecutionData[];
	succeeded: INodeExecutionData[];
}

/** The checks every run must pass, and the printed line. */
function tally(mode: string, run: EngineRun, count = ITEMS): Tally {
	const sent = phonesSent(env.sandbox);
	const duplicates = sent.length - new Set(sent).size;
	const failed = run.items.filter((item) => item.json.error !== undefined);
	const succeeded = run.items.filter((item) => item.json.error === undefined);
	console.log(`faults: ${mode} items=${count} sent=${sent.length} failed=${failed.length} duplicates=${duplicates}`);

	expect(run.error).toBeUndefined();
	expect(run.items).toHaveLength(count);
	expect(run.items.map((item) => item.pairedItem)).toEqual(Array.from({ length: count }, (_, item) => ({ item })));
	expect(duplicates).toBe(0);
	// Every item reported as sent was accepted by Octopods, with the phone of its own input item.
	for (const [index, item] of run.items.entries()) {
		if (item.json.error === undefined) {
			expect(item.json.phone_number).toBe(phoneOf(index));
			expect(sent).toContain(phoneOf(index));
		}
	}
	expect(visibleText(run)).not.toContain(SECRET_KEY);
	return { run, sent, failed, succeeded };
}

async function runWith(faults: FaultSpec[], options: INodeParameters = {}, extra: Partial<OctopodsCredentials> = {}) {
	env.sandbox.setFaults(faults);
	return await runOctopods({
		parameters: sendTemplateOfRecords(options),
		items: batch(),
		continueOnFail: true,
		credentials: credentials(extra),
	});
}

/** The documented wording of a send whose fate is unknown. */
function expectMaybeSent(item: INodeExecutionData, reason: RegExp, index: number): void {
	expect(item.json).toMatchObject({
		error: expect.stringMatching(new RegExp(`^The message may have been sent: ${reason.source}$`)),
		description: expect.stringMatching(
			/^It was not sent again, so the customer cannot get it twice\. Before sending it again, check whether it went out: /,
		),
		maybeSent: true,
		// What it was about, for a CRM log: recipient and template.
		phone_number: phoneOf(index),
		template_id: 539,
		template_name: 'account_update_1',
	});
	expect(item.json.description).toContain(`the conversation with ${phoneOf(index)}`);
	expect(item.json.description).toContain('Octopods inbox in Intercom');
}

describe('Faults on sends: never a silent resend', () => {
	it('5xx before the send is accepted: "may have been sent", nothing accepted twice', async () => {
		const { failed, sent } = tally(
			'5xx-before-accept',
			await runWith([{ mode: 'server-error', when: 'before', fraction: 0.3, seed: 7, methods: ['POST'] }]),
		);
		expect(failed.length).toBeGreaterThan(0);
		for (const item of failed) {
			const index = (item.pairedItem as { item: number }).item;
			expectMaybeSent(item, /Octopods answered HTTP 500/, index);
			expect(item.json.httpCode).toBe('500');
			// Octopods' request ID is passed on for support.
			expect(item.json.description).toMatch(/Octopods request ID: [0-9a-f-]{36}\.$/);
			expect(sent).not.toContain(phoneOf(index));
		}
		expect(sent).toHaveLength(ITEMS - failed.length);
		expect(env.sandbox.received.filter((request) => request.method === 'POST')).toHaveLength(ITEMS);
	});

	it('5xx after the send was accepted: the item fails as "may have been sent" and is not repeated', async () => {
		const { failed, sent } = tally(
			'5xx-after-accept',
			await runWith([{ mode: 'server-error', when: 'after', fraction: 0.3, seed: 7, methods: ['POST'], status: 503 }]),
		);
		expect(failed.length).toBeGreaterThan(0);
		for (const item of failed) expectMaybeSent(item, /Octopods answered HTTP 503/, (item.pairedItem as { item: number }).item);
		expect(sent).toHaveLength(ITEMS);
		expect(env.sandbox.received.filter((request) => request.method === 'POST')).toHaveLength(ITEMS);
	});

	it('an answer slower than the Request Timeout (the send IS accepted): "may have been sent"', async () => {
		const { failed, sent } = tally(
			'slow-past-timeout',
			await runWith([{ mode: 'slow', delayMs: 3000, fraction: 0.25, seed: 3, methods: ['POST'] }], {}, slowCredentials),
		);
		expect(failed.length).toBeGreaterThan(0);
		for (const item of failed) {
			expectMaybeSent(item, /no answer within the Request Timeout of 0\.5 s/, (item.pairedItem as { item: number }).item);
		}
		expect(sent).toHaveLength(ITEMS);
	});

	it('the connection dropped after the send was accepted: "may have been sent"', async () => {
		const { failed, sent } = tally(
			'drop-after-accept',
			await runWith([{ mode: 'drop', fraction: 0.3, seed: 11, methods: ['POST'] }]),
		);
		expect(failed.length).toBeGreaterThan(0);
		for (const item of failed) {
			expectMaybeSent(item, /the connection closed before Octopods answered/, (item.pairedItem as { item: number }).item);
		}
		expect(sent).toHaveLength(ITEMS);
	});

	it('an answer that is not JSON after the send was accepted: "may have been sent"', async () => {
		const { failed, sent } = tally(
			'non-json-after-accept',
			await runWith([{ mode: 'not-json', fraction: 0.3, seed: 5, methods: ['POST'] }]),
		);
		expect(failed.length).toBeGreaterThan(0);
		for (const item of failed) expectMaybeSent(item, /Octopods' answer was not JSON/, (item.pairedItem as { item: number }).item);
		expect(sent).toHaveLength(ITEMS);
	});

	it('a 429 storm: nothing was processed, so every item waits out the cool-downs and is sent once', async () => {
		const { failed, sent } = tally(
			'429-storm',
			await runWith([{ mode: 'rate-limit', count: 8, cooldownMs: 100, methods: ['POST'] }]),
		);
		expect(failed).toEqual([]);
		expect(sent).toHaveLength(ITEMS);
		expect(env.sandbox.received.filter((request) => request.status === 429)).toHaveLength(8);
	});

	it('a cool-down beyond Max Wait on Rate Limit: items fail at once, naming the time to retry, and send nothing more', async () => {
		const { failed, sent } = tally(
			'429-beyond-max-wait',
			await runWith([{ mode: 'rate-limit', count: 1, cooldownMs: 60_000, methods: ['POST'] }], { maxWaitOnRateLimit: 1 }),
		);
		const refused = env.sandbox.received.find((request) => request.status === 429);
		const retryAfter = new Date((refused?.at ?? 0) + 60_000).toISOString();
		expect(failed.length + sent.length).toBe(ITEMS);
		// Only the items already on their way when the 429 came back were sent.
		expect(sent.length).toBeLessThan(5);
		for (const item of failed) {
			expect(item.json).toMatchObject({
				error: `Octopods paused this channel for too many requests until ${retryAfter}: retry after that time`,
				description: expect.stringMatching(/^Nothing was sent for this item\..*Max Wait on Rate Limit \(1 s\)\.$/),
				httpCode: '429',
				retryAfter,
			});
		}
		expect(env.sandbox.received.filter((request) => request.method === 'POST')).toHaveLength(sent.length + 1);
	});

	it('without Continue On Fail, stops starting items at the first failure and names it', async () => {
		env.sandbox.setFaults([{ mode: 'server-error', when: 'after', fraction: 0.3, seed: 7, methods: ['POST'] }]);
		const run = await runOctopods({ parameters: sendTemplateOfRecords(), items: batch(), credentials: credentials() });
		const sent = phonesSent(env.sandbox);
		const failedAt = (run.error as { context?: { itemIndex?: number } } | undefined)?.context?.itemIndex ?? -1;
		console.log(`faults: 5xx-after-accept-stop items=${ITEMS} sent=${sent.length} failedAt=${failedAt}`);
		expect(run.error?.message).toBe('The message may have been sent: Octopods answered HTTP 500');
		expect(failedAt).toBeGreaterThanOrEqual(0);
		expect(run.items).toEqual([]);
		// Items already under way finish; none starts after the failure (Items in Parallel: 5).
		expect(sent.length).toBeLessThan(failedAt + 1 + 5);
		expect(sent.length).toBeLessThan(ITEMS);
		expect(new Set(sent).size).toBe(sent.length);
		expect(visibleText(run)).not.toContain(SECRET_KEY);
	});
});

describe('Faults on reads: retried, since reading twice is harmless', () => {
	const gets = () => env.sandbox.received.filter((request) => request.method === 'GET');

	it.each<[string, FaultSpec]>([
		['5xx-on-look-up', { mode: 'server-error', when: 'before', count: 2, methods: ['GET'] }],
		['slow-look-up', { mode: 'slow', delayMs: 3000, count: 2, methods: ['GET'] }],
		['drop-on-look-up', { mode: 'drop', count: 2, methods: ['GET'] }],
		['non-json-look-up', { mode: 'not-json', count: 2, methods: ['GET'] }],
	])('%s: the template look-up is retried and every item is sent', async (mode, fault) => {
		const { failed, sent } = tally(mode, await runWith([fault], {}, fault.mode === 'slow' ? slowCredentials : {}));
		expect(failed).toEqual([]);
		expect(sent).toHaveLength(ITEMS);
		expect(gets()).toHaveLength(3);
	});

	it('a look-up failing 3 times fails its item ("Tried 3 times"); the others look the template up again', async () => {
		const { failed, sent } = tally(
			'5xx-look-up-exhausted',
			await runWith([{ mode: 'server-error', when: 'before', count: 3, methods: ['GET'] }]),
		);
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({
			error: 'Octopods had an internal error (HTTP 500)',
			description: expect.stringMatching(/^Tried 3 times\. Octopods says: "Internal server error/),
			httpCode: '500',
		});
		expect(failed[0].json.maybeSent).toBeUndefined();
		expect(sent).toHaveLength(ITEMS - 1);
		expect(gets()).toHaveLength(4);
	});

	it('Get Status retries a 5xx and a dropped connection', async () => {
		const first = await runOctopods({
			parameters: sendTemplateOfRecords(),
			items: batch(2),
			credentials: credentials(),
		});
		env.sandbox.setFaults([
			{ mode: 'server-error', count: 1, methods: ['GET'] },
			{ mode: 'drop', count: 1, methods: ['GET'] },
		]);
		const run = await runOctopods({
			parameters: { resource: 'message', operation: 'getStatus', messageId: '={{ $json.message_id }}' },
			items: first.items.map((item) => item.json),
			credentials: credentials(),
			continueOnFail: true,
		});
		console.log(`faults: get-status-5xx-and-drop items=2 failed=${run.items.filter((i) => i.json.error).length}`);
		expect(run.items.map((item) => item.json.status)).toEqual(['SENT', 'SENT']);
		expect(visibleText(run)).not.toContain(SECRET_KEY);
	});
});

describe('No connection at all: retried, then "nothing was sent"', () => {
	async function closedPort(): Promise<string> {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		await new Promise<void>((resolve) => server.close(() => resolve()));
		return `http://127.0.0.1:${port}`;
	}

	// (A DNS failure takes the same path, see retryPolicy.test.ts; not run here, as a machine without a
	// reachable DNS server can take many seconds to say so.)
	it.each([['refused', closedPort, /^Could not reach Octopods: the connection was refused$/]] as const)(
		'%s: a send fails as not sent, after 3 attempts',
		async (mode, baseUrl, message) => {
		const run = await runOctopods({
			parameters: {
				resource: 'message',
				operation: 'sendInteractive',
				phoneNumber: '={{ $json.phone }}',
				interactiveType: 'json',
				interactiveJson: '{"type":"button","body":{"text":"Hi"},"action":{"buttons":[{"type":"reply","reply":{"id":"a","title":"A"}}]}}',
			},
			items: batch(3),
			continueOnFail: true,
			credentials: credentials({ baseUrl: await baseUrl() }),
		});
		console.log(`faults: ${mode} items=3 sent=0 failed=${run.items.filter((i) => i.json.error).length} duplicates=0`);
		expect(run.items).toHaveLength(3);
		for (const item of run.items) {
			expect(item.json).toMatchObject({
				error: expect.stringMatching(message),
				description:
					'Nothing was sent: no connection to Octopods was made. Tried 3 times. Check the Base URL of the credential and the network between n8n and Octopods.',
			});
			expect(item.json.maybeSent).toBeUndefined();
		}
		expect(visibleText(run)).not.toContain(SECRET_KEY);
		},
	);
});

describe('A redirect: reported, never followed', () => {
	it('does not carry the key (or the send) to where a redirect points, and names that address', async () => {
		const elsewhere: Array<{ method?: string; key?: string | string[] }> = [];
		const other = createServer((request, response) => {
			elsewhere.push({ method: request.method, key: request.headers['x-octopods-auth'] });
			response.writeHead(200, { 'content-type': 'application/json' }).end('{"message_id": 1}');
		});
		await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
		const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
		const redirecting = createServer((_request, response) => {
			response.writeHead(302, { location: `${otherUrl}/api/v1/sms/messages?token=abc` }).end('Found');
		});
		await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
		try {
			const run = await runOctopods({
				parameters: {
					resource: 'message',
					operation: 'sendInteractive',
					phoneNumber: '+353838000000',
					interactiveType: 'json',
					interactiveJson: '{"type":"button","body":{"text":"Hi"},"action":{"buttons":[{"type":"reply","reply":{"id":"a","title":"A"}}]}}',
				},
				continueOnFail: true,
				credentials: credentials({ baseUrl: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}` }),
			});
			expect(run.items[0].json).toMatchObject({
				error: `The Octopods address answered with a redirect (HTTP 302) to ${otherUrl}: check the credential's Base URL`,
				httpCode: '302',
			});
			expect(run.items[0].json.maybeSent).toBeUndefined();
			expect(visibleText(run)).not.toContain('token=abc');
			expect(elsewhere).toEqual([]);
		} finally {
			await new Promise<void>((resolve) => redirecting.close(() => resolve()));
			await new Promise<void>((resolve) => other.close(() => resolve()));
		}
	});
});
