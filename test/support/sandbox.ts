import { startSandbox } from '../../sandbox/server';
import type { Sandbox, SandboxOptions } from '../../sandbox/server';
import type { OctopodsCredentials } from './engine';

/** A distinctive key, so a test can prove it never leaks into an output or error. */
export const SECRET_KEY = 'octo-test-key-7f3a9c1e5b';

export interface SandboxFixture {
	sandbox: Sandbox;
	credentials: OctopodsCredentials;
}

/** Starts a sandbox for the test file and stops it afterwards; requests are cleared per test. */
export function useSandbox(options: SandboxOptions = {}): SandboxFixture {
	const fixture = {} as SandboxFixture;
	beforeAll(async () => {
		fixture.sandbox = await startSandbox({ apiKey: SECRET_KEY, ...options });
		fixture.credentials = { apiKey: fixture.sandbox.apiKey, baseUrl: fixture.sandbox.url };
	});
	beforeEach(() => fixture.sandbox.reset());
	afterAll(async () => await fixture.sandbox.close());
	return fixture;
}

/** Everything a user or a log could see of a run, as text. */
export function visibleText(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v,
	);
}
