// `npm start`: the one-command demo. On a fresh clone it
//   1. provisions Node 24 + n8n 2.41.1 into the cache (runtime/provision.ts; minutes the first time),
//   2. installs this package (dist/, built by `npm start` just before) into the demo user folder
//      `.n8n-demo/` as a community package, at every start so it is current,
//   3. starts the Octopods sandbox on 127.0.0.1 (port 5680 if free) unless OCTOPODS_API_KEY is set,
//   4. imports the credential "Octopods Sandbox" (id OctopodsSandbox1) pointing at the sandbox, or
//      "Octopods" pointing at the real Octopods (OCTOPODS_API_KEY, OCTOPODS_BASE_URL), and every
//      workflow in examples/*.json (they reference that credential id); beside it "Octopods Sandbox
//      SMS" (id OctopodsSandboxSms1, the sandbox's SMS channel) or, with OCTOPODS_SMS_API_KEY,
//      "Octopods SMS" pointing at the real SMS channel,
//   5. starts n8n on 127.0.0.1 (port 5678 if free) and waits until it is ready,
//   6. creates the demo owner account on the first run,
//   7. prints the editor URL, the login, the sandbox and the imported workflows.
// Ctrl-C (SIGINT) or SIGTERM stops n8n (its whole process group) and the sandbox, and exits 0.
// `.n8n-demo/` is kept between runs (database, owner, the user's own workflows); delete it to
// start over. The example workflows and the credential are re-imported at every start.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { answerStyleFromEnv } from '../sandbox/env';
import { DEFAULT_API_KEY, inboxLogLine, startSandbox, type InboxMessage, type ReceivedRequest, type Sandbox } from '../sandbox/server';
import { freePort, importCredentials, importWorkflows, setupOwner, startN8n, type N8nServer } from './runtime/n8n';
import { installPackage, packageRoot } from './runtime/package';
import { ensureRuntime, N8N_VERSION, NODE_VERSION, runtimePaths, tailFile } from './runtime/provision';

const PREFERRED_N8N_PORT = 5678;
const PREFERRED_SANDBOX_PORT = 5680;
const CREDENTIAL_ID = 'OctopodsSandbox1';
const SMS_CREDENTIAL_ID = 'OctopodsSandboxSms1';
const DEFAULT_OCTOPODS_URL = 'https://app.octopods.io';
const OWNER = { email: 'demo@octopods.local', password: 'Octopods-Demo-1', firstName: 'Demo', lastName: 'User' };
const HEARTBEAT_MS = 30_000;
const LOG_TAIL_LINES = 30;

const root = packageRoot();
const demoFolder = join(root, '.n8n-demo');
const examplesDir = join(root, 'examples');
const n8nLogFile = join(demoFolder, 'n8n.log');

function say(message: string): void {
	process.stdout.write(`[start] ${message}\n`);
}

function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/** An error that carries extra output to show (e.g. an n8n CLI command's output). */
class StepError extends Error {
	constructor(
		message: string,
		readonly details?: string,
	) {
		super(message);
	}
}

let currentStep = '';

/** Runs one numbered step, saying when it starts and ends; a heartbeat for the long ones. */
async function step<T>(name: string, run: () => Promise<T>, heartbeat?: string): Promise<T> {
	currentStep = name;
	const startedAt = Date.now();
	say(`${name}...`);
	const timer = heartbeat
		? setInterval(() => say(`${name}: still running (${seconds(startedAt)}; ${heartbeat})`), HEARTBEAT_MS)
		: undefined;
	try {
		const result = await run();
		say(`${name}: done in ${seconds(startedAt)}`);
		return result;
	} finally {
		if (timer) clearInterval(timer);
	}
}

/** Whether nothing listens on 127.0.0.1:port (a probe; someone could take it right after). */
function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

interface Example {
	file: string;
	id: string;
	name: string;
}

function readExamples(): Example[] {
	const files = readdirSync(examplesDir)
		.filter((file) => file.endsWith('.json'))
		.sort();
	return files.map((file) => {
		const workflow = JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as { id?: string; name?: string };
		if (!workflow.id || !workflow.name) throw new StepError(`examples/${file} has no "id" or "name"`);
		return { file: join(examplesDir, file), id: workflow.id, name: workflow.name };
	});
}

/** The credential the examples use: the sandbox, or the real Octopods when OCTOPODS_API_KEY is set. */
function demoCredential(sandbox: Sandbox | undefined): { name: string; apiKey: string; baseUrl: string } {
	const realKey = process.env.OCTOPODS_API_KEY;
	if (realKey) {
		return { name: 'Octopods', apiKey: realKey, baseUrl: process.env.OCTOPODS_BASE_URL || DEFAULT_OCTOPODS_URL };
	}
	if (!sandbox) throw new Error('no sandbox and no OCTOPODS_API_KEY');
	return { name: 'Octopods Sandbox', apiKey: sandbox.apiKey, baseUrl: sandbox.url };
}

/** The SMS channel's credential (its own key): the sandbox's, or the real one when OCTOPODS_SMS_API_KEY is set. */
function demoSmsCredential(sandbox: Sandbox | undefined): { name: string; apiKey: string; baseUrl: string } | undefined {
	const realKey = process.env.OCTOPODS_SMS_API_KEY;
	if (realKey) return { name: 'Octopods SMS', apiKey: realKey, baseUrl: process.env.OCTOPODS_BASE_URL || DEFAULT_OCTOPODS_URL };
	return sandbox ? { name: 'Octopods Sandbox SMS', apiKey: sandbox.smsApiKey, baseUrl: sandbox.url } : undefined;
}

/** Creates the demo owner unless the instance has one; says which. */
async function ensureOwner(url: string): Promise<'created' | 'existing'> {
	const response = await fetch(`${url}/rest/settings`, { signal: AbortSignal.timeout(30_000) });
	if (!response.ok) throw new StepError(`GET /rest/settings answered ${response.status}`);
	const settings = (await response.json()) as { data?: { userManagement?: { showSetupOnFirstLoad?: boolean } } };
	if (settings.data?.userManagement?.showSetupOnFirstLoad === false) return 'existing';
	await setupOwner(url, OWNER);
	return 'created';
}

function logSandboxRequest(request: ReceivedRequest): void {
	// Method, path and status only: the key travels in a header and must never reach a log.
	process.stdout.write(`[sandbox] ${new Date(request.at).toISOString()} ${request.method} ${request.path} ${request.status}\n`);
}

/** Links a message carries (a Send and Wait page, say), so the demo user can open them from the log. */
function logSandboxMessage(message: InboxMessage): void {
	const line = inboxLogLine(message);
	if (line !== null) process.stdout.write(`[sandbox] ${line}\n`);
}

async function startDemoSandbox(): Promise<Sandbox> {
	// The 2026 generation unless SANDBOX_GENERATION=original (and SANDBOX_STATUS_STYLE), as for `npm run sandbox`.
	const options = { host: '127.0.0.1', apiKey: DEFAULT_API_KEY, onRequest: logSandboxRequest, onMessage: logSandboxMessage, ...answerStyleFromEnv(process.env) };
	try {
		return await startSandbox({ ...options, port: PREFERRED_SANDBOX_PORT });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
		say(`port ${PREFERRED_SANDBOX_PORT} is taken; the sandbox takes a free port`);
		return await startSandbox({ ...options, port: 0 });
	}
}

// ---------------------------------------------------------------------------------------------

let sandbox: Sandbox | undefined;
let n8n: N8nServer | undefined;
let n8nStarting = false;
let running = false;
let shuttingDown = false;

/** Stops what was started, n8n first (it may still be talking to the sandbox). */
async function stopAll(): Promise<void> {
	const server = n8n;
	n8n = undefined;
	if (server) await server.stop();
	const octopods = sandbox;
	sandbox = undefined;
	if (octopods) await octopods.close();
}

let firstSignalAt = 0;

function onSignal(signal: NodeJS.Signals): void {
	if (shuttingDown) {
		// A terminal's Ctrl-C reaches us twice under `npm start` (from the terminal and forwarded by
		// npm): ignore repeats, but a deliberate second Ctrl-C leaves at once (startN8n's and
		// n8nCli's exit handlers then SIGKILL n8n's process group).
		if (firstSignalAt && Date.now() - firstSignalAt > 2000) process.exit(130);
		return;
	}
	shuttingDown = true;
	firstSignalAt = Date.now();
	say(`${signal}: stopping n8n${sandbox ? ' and the sandbox' : ''}${running ? '' : ` (interrupted during "${currentStep}")`}...`);
	stopAll().then(
		() => {
			say('stopped; nothing left running');
			process.exit(running ? 0 : 130);
		},
		(error: unknown) => {
			say(`could not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
			process.exit(1);
		},
	);
}

async function main(): Promise<void> {
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	const startedAt = Date.now();
	await mkdir(demoFolder, { recursive: true });
	const examples = readExamples();

	const firstProvision = !existsSync(runtimePaths().marker);
	if (firstProvision) {
		say(
			`first run: installing Node ${NODE_VERSION} and n8n ${N8N_VERSION} into ${runtimePaths().dir} ` +
				'(from the npm registry, about 3 GB on disk, 4-5 minutes; reused afterwards)',
		);
	}
	const runtime = await step(
		'1/6 provision the n8n runtime',
		() => ensureRuntime({ log: (message) => say(`runtime: ${message}`) }),
		'the first run takes 4-5 minutes',
	);

	const installed = await step('2/6 install n8n-nodes-octopods into .n8n-demo', () =>
		installPackage(demoFolder, { log: (message) => say(`package: ${message}`) }),
	);

	if (process.env.OCTOPODS_API_KEY) {
		say('3/6 OCTOPODS_API_KEY is set: no sandbox, the credential points at the real Octopods');
	} else {
		sandbox = await step('3/6 start the Octopods sandbox', startDemoSandbox);
	}
	const credential = demoCredential(sandbox);
	const smsCredential = demoSmsCredential(sandbox);

	await step(`4/6 import the credentials "${credential.name}"${smsCredential ? ` and "${smsCredential.name}"` : ''} and ${examples.length} example workflows`, async () => {
		await importCredentials(runtime, demoFolder, [
			{ id: CREDENTIAL_ID, name: credential.name, type: 'octopodsApi', data: { apiKey: credential.apiKey, baseUrl: credential.baseUrl } },
			...(smsCredential
				? [{ id: SMS_CREDENTIAL_ID, name: smsCredential.name, type: 'octopodsSmsApi', data: { apiKey: smsCredential.apiKey, baseUrl: smsCredential.baseUrl } }]
				: []),
		]);
		await importWorkflows(runtime, demoFolder, examplesDir, examples.length);
	});

	// One log per run, so its tail is about this run; the previous one is kept beside it.
	if (existsSync(n8nLogFile)) await rename(n8nLogFile, join(demoFolder, 'n8n.previous.log'));
	const port = (await portIsFree(PREFERRED_N8N_PORT)) ? PREFERRED_N8N_PORT : await freePort();
	if (port !== PREFERRED_N8N_PORT) say(`port ${PREFERRED_N8N_PORT} is taken; n8n takes port ${port}`);
	n8nStarting = true;
	n8n = await step(`5/6 start n8n ${N8N_VERSION} (log: ${n8nLogFile})`, () =>
		startN8n({ runtime, port, userFolder: demoFolder, log: (message) => say(`n8n: ${message}`) }),
	);
	const server = n8n;
	server.process.once('exit', (code, signal) => {
		if (shuttingDown) return;
		shuttingDown = true;
		void (async () => {
			process.stderr.write(
				`[start] n8n exited unexpectedly (code ${code}, signal ${signal}); last lines of ${n8nLogFile}:\n${await tailFile(n8nLogFile, LOG_TAIL_LINES)}\n`,
			);
			// stop() of an exited n8n still clears what is left of its process group (task runner).
			await stopAll().catch(() => undefined);
			process.exit(1);
		})();
	});

	const owner = await step('6/6 demo owner account', () => ensureOwner(server.url));
	running = true;

	const lines = [
		'',
		`Octopods demo is running (ready in ${seconds(startedAt)}).`,
		'',
		`  n8n editor   ${server.url}`,
		`  sign in      ${OWNER.email} / ${OWNER.password}` +
			(owner === 'existing' ? '  (account from an earlier run; your password if you changed it)' : '  (account created now)'),
		`  package      n8n-nodes-octopods@${installed.version}, installed into ${join(demoFolder, '.n8n', 'nodes')}`,
		sandbox
			? `  sandbox      ${sandbox.url}  API key ${sandbox.apiKey}  generation ${sandbox.generation}  (requests: ${sandbox.url}/__sandbox/requests)`
			: `  Octopods     ${credential.baseUrl} with the key from OCTOPODS_API_KEY`,
		...(sandbox ? [`  inbox        ${sandbox.url}/__sandbox/inbox  (messages sent and their links: open a Send and Wait page there;`] : []),
		...(sandbox ? ['               under Templates, pause, reject or delete a template for the trigger\'s template events)'] : []),
		`  credential   "${credential.name}" (id ${CREDENTIAL_ID}) -> ${credential.baseUrl}`,
		...(smsCredential ? [`  SMS          "${smsCredential.name}" (id ${SMS_CREDENTIAL_ID}) -> ${smsCredential.baseUrl}` + (sandbox && !process.env.OCTOPODS_SMS_API_KEY ? `  SMS key ${sandbox.smsApiKey}` : '')] : []),
		'  workflows    (open one, then "Execute workflow")',
		...examples.map((example) => `               - ${example.name}  (${server.url}/workflow/${example.id})`),
		`  user folder  ${demoFolder} (kept between runs; delete it to start over)`,
		'  The examples and the credential are re-imported at every start: duplicate an example to keep your changes.',
		'',
		`Press Ctrl-C to stop n8n${sandbox ? ' and the sandbox' : ''}.`,
		'',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch(async (error: unknown) => {
	// Interrupted (Ctrl-C reaches the n8n/npm commands too): onSignal reports and exits.
	if (shuttingDown) return;
	shuttingDown = true;
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`\n[start] FAILED at step "${currentStep}": ${message}\n`);
	if (error instanceof StepError && error.details) process.stderr.write(`${error.details}\n`);
	// The server's log, once n8n was started (startN8n's own errors already end with its tail).
	if (n8nStarting && existsSync(n8nLogFile) && !message.includes(n8nLogFile)) {
		process.stderr.write(`--- last lines of ${n8nLogFile} ---\n${await tailFile(n8nLogFile, LOG_TAIL_LINES)}\n---\n`);
	}
	await stopAll().catch(() => undefined);
	process.exit(1);
});
