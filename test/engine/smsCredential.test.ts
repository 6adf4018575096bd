import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { CredentialTestContext } from 'n8n-core';

import { Octopods } from '../../nodes/Octopods/Octopods.node';
import { SECRET_KEY, useSandbox } from '../support/sandbox';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A local HTTP server for one test file: not Octopods (a 404 for everything, a website), or a proxy. */
function useServer(handler: Handler): { url: () => string; seen: string[] } {
	let server: Server;
	const state = { url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen: [] as string[] };
	beforeAll(async () => {
		server = createServer((request, response) => {
			state.seen.push(`${request.method} ${request.url}`);
			handler(request, response);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	});
	afterAll(async () => await new Promise<void>((resolve) => server.close(() => resolve())));
	return state;
}

// The node's test of the Octopods SMS API credential, as n8n calls it (testedBy, in n8n-core's
// credential test context), against the sandbox and against servers that are not Octopods.
describe('testing the Octopods SMS API credential', () => {
	const env = useSandbox();
	const octopods = new Octopods();
	const test = async (apiKey: string, baseUrl = env.sandbox.url) =>
		await octopods.methods.credentialTest.octopodsSmsApiTest.call(new CredentialTestContext(), {
			id: '2',
			name: 'Octopods SMS',
			type: 'octopodsSmsApi',
			data: { apiKey, baseUrl },
		});
	const notFoundEverywhere = useServer((_request, response) => {
		response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
	});
	const jsonNotFound = useServer((_request, response) => {
		response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Not Found', statusCode: 404 }));
	});
	const website = useServer((_request, response) => {
		response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Shop</title><p>Welcome</p>');
	});
	const rejecting = useServer((_request, response) => {
		response.writeHead(401, { 'Content-Type': 'text/html' }).end('<h1>Login required</h1>');
	});

	it("accepts the SMS channel's key", async () => {
		expect(await test(env.sandbox.smsApiKey)).toEqual({ status: 'OK', message: 'Connection tested successfully' });
	});

	it("says plainly when a WhatsApp channel's key was pasted", async () => {
		expect(await test(SECRET_KEY)).toEqual({ status: 'Error', message: expect.stringMatching(/^This is a WhatsApp channel's API key, not the SMS channel's/) });
	});

	it.each([['a wrong key', 'not-a-key'], ['a deprecated SMS key', 'deprecated']])('tells %s apart', async (_, key) => {
		const apiKey = key === 'deprecated' ? env.sandbox.smsDeprecatedApiKey : key;
		expect(await test(apiKey)).toEqual({ status: 'Error', message: expect.stringMatching(/^The API key was rejected by the Octopods SMS channel/) });
	});

	it('says when nothing answers at the Base URL', async () => {
		expect(await test(env.sandbox.smsApiKey, 'http://127.0.0.1:9')).toEqual({ status: 'Error', message: 'Could not reach http://127.0.0.1:9: check the Base URL' });
	});

	it.each([
		['a server answering 404 to everything', notFoundEverywhere],
		['an API of another kind (a JSON 404)', jsonNotFound],
		['a website (200 with HTML)', website],
	])('names the Base URL when it is %s, whatever the key', async (_, server) => {
		expect(await test('anything-at-all', server.url())).toEqual({
			status: 'Error',
			message: `No Octopods API at ${server.url()}: check the Base URL (e.g. https://app.octopods.io)`,
		});
	});

	it('does not blame the key when the Base URL refuses every request without being Octopods', async () => {
		const result = await test('anything-at-all', rejecting.url());
		expect(result).toEqual({ status: 'Error', message: `No Octopods API at ${rejecting.url()}: check the Base URL (e.g. https://app.octopods.io)` });
	});

	it("says Octopods' cool-down is on, with its end, and does not call the key good or bad", async () => {
		env.sandbox.setFaults([{ mode: 'rate-limit', paths: ['/api/v1/sms/*'], cooldownMs: 60_000 }]);
		expect(await test(env.sandbox.smsApiKey)).toEqual({
			status: 'Error',
			message: expect.stringMatching(
				/^Octopods is rate-limiting this SMS channel \(HTTP 429\), so the key could not be checked: Too many requests: this channel is cooling down until \d{4}-\d\d-\d\dT[\d:.]+Z\. Try again after the cool-down\.$/,
			),
		});
	});

	it.each([500, 503])('says an HTTP %i is a server error on Octopods\' side', async (status) => {
		env.sandbox.setFaults([{ mode: 'server-error', when: 'before', status, paths: ['/api/v1/sms/*'] }]);
		expect(await test(env.sandbox.smsApiKey)).toEqual({
			status: 'Error',
			message: `Octopods answered HTTP ${status} (a server error on Octopods' side), so the key could not be checked: try again later`,
		});
	});

	it('never shows the key it tested', async () => {
		const results = await Promise.all([test(SECRET_KEY), test(SECRET_KEY, notFoundEverywhere.url()), test(SECRET_KEY, 'http://127.0.0.1:9')]);
		expect(JSON.stringify(results)).not.toContain(SECRET_KEY);
	});
});

// n8n's proxy settings (HTTP_PROXY and friends) apply to the test as to every request n8n makes.
describe('the SMS credential test behind a proxy', () => {
	const env = useSandbox();
	const octopods = new Octopods();
	const proxy = useServer((request, response) => {
		// An HTTP proxy gets the absolute URL; this one forwards every request to the sandbox.
		const target = new URL(request.url ?? '/');
		void fetch(`${env.sandbox.url}${target.pathname}`, { headers: { 'X-Octopods-Auth': String(request.headers['x-octopods-auth'] ?? '') } }).then(
			async (answer) => response.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(await answer.text()),
		);
	});
	const saved: Record<string, string | undefined> = {};
	const proxyVariables = ['HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];
	beforeEach(() => {
		proxyVariables.forEach((name) => (saved[name] = process.env[name]));
		proxyVariables.forEach((name) => delete process.env[name]);
		process.env.HTTP_PROXY = proxy.url();
	});
	afterEach(() => proxyVariables.forEach((name) => (saved[name] === undefined ? delete process.env[name] : (process.env[name] = saved[name]))));

	it('goes through the proxy n8n is configured with', async () => {
		// A host only the proxy knows: reached directly, it would not resolve.
		const result = await octopods.methods.credentialTest.octopodsSmsApiTest.call(new CredentialTestContext(), {
			id: '2',
			name: 'Octopods SMS',
			type: 'octopodsSmsApi',
			data: { apiKey: env.sandbox.smsApiKey, baseUrl: 'http://octopods.behind-proxy.invalid' },
		});
		expect(result).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect(proxy.seen).toEqual(['GET http://octopods.behind-proxy.invalid/api/v1/sms/messages/0']);
	});
});
