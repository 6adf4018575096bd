import { forgetChannels } from '../../nodes/Octopods/transport/channels';
import { startSandbox } from '../../sandbox/server';
import type { ReceivedRequest, Sandbox, SandboxOptions } from '../../sandbox/server';
import type { OctopodsCredentials } from './engine';

/** A distinctive key, so a test can prove it never leaks into an output or error. */
export const SECRET_KEY = 'octo-test-key-7f3a9c1e5b';

export interface SandboxFixture {
	sandbox: Sandbox;
	/**
	 * The sandbox's key and URL with a budget of 55 requests per 0.1 s: tests that are not about the
	 * limit are not paced at Octopods' real speed (one request per 186 ms). The sandbox's own limit
	 * still counts in real time, so a test stays under 55 requests, or turns the sandbox's limit off.
	 */
	credentials: OctopodsCredentials;
	/** The sandbox's key and URL alone: the credential as a user saves it, with the default limits. */
	defaultCredentials: OctopodsCredentials;
}

/**
 * Starts a sandbox for the test file and stops it afterwards. Per test, the sandbox's requests,
 * limit and faults are cleared, and so is the node's process-wide state (budgets, cool-downs,
 * template cache), so no test inherits another's.
 */
export function useSandbox(options: SandboxOptions = {}): SandboxFixture {
	const fixture = {} as SandboxFixture;
	beforeAll(async () => {
		fixture.sandbox = await startSandbox({ apiKey: SECRET_KEY, ...options });
		fixture.defaultCredentials = { apiKey: fixture.sandbox.apiKey, baseUrl: fixture.sandbox.url };
		fixture.credentials = {
			...fixture.defaultCredentials,
			customLimits: true,
			rateLimitRequests: 55,
			rateLimitWindowSeconds: 0.1,
		};
	});
	beforeEach(() => {
		fixture.sandbox.reset();
		forgetChannels();
	});
	afterAll(async () => await fixture.sandbox.close());
	return fixture;
}

/** Everything a user or a log could see of a run, as text. */
export function visibleText(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v,
	);
}

/**
 * The sends the sandbox received, ordered by recipient. Items run several at a time, so the order in
 * which sends arrive is not the items' order; tests of what was sent compare in this order instead.
 */
export function sendsByPhone(sandbox: Sandbox): ReceivedRequest[] {
	const phoneOf = (send: ReceivedRequest): string =>
		String((send.body as { destination_phone?: unknown } | null)?.destination_phone ?? '');
	return [...sandbox.sends()].sort((a, b) => phoneOf(a).localeCompare(phoneOf(b)));
}
