// Helpers to run a real n8n (from the runtime that provision.ts installs) in end-to-end checks:
// start/stop a server, run CLI commands (import / execute), parse `execute` output, and get a REST
// session. Everything here follows shared/notes/real-n8n.md; the REST field names were checked in
// n8n 2.41.1's installed sources (@n8n/api-types: OwnerSetupRequestDto, LoginRequestDto).

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

import type { Runtime } from './provision';

export type { Runtime } from './provision';

/** Fixed, so credentials imported (encrypted) by one process stay readable by the next. */
export const ENCRYPTION_KEY = 'octopods-e2e-fixed-encryption-key-not-a-secret';
/** n8n's session cookie (n8n/dist/constants.js AUTH_COOKIE_NAME). */
export const AUTH_COOKIE_NAME = 'n8n-auth';

const READINESS_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;
const CLI_TIMEOUT_MS = 180_000;
const TAIL_LINES = 40;

/**
 * Node flags for every n8n process. isolated-vm (n8n 2.41's default expression engine, 'vm') says
 * in its README that Node >= 20 must run with --no-node-snapshot; n8n's bin script does not add it.
 * Without it we saw `n8n execute` die of SIGSEGV after printing its result in 2 of 55 runs (0 of 70
 * with it). As a node argument, not NODE_OPTIONS: n8n gives its task runner its own environment.
 */
export const NODE_ARGS: readonly string[] = ['--no-node-snapshot'];

export interface N8nEnvOptions {
	runtime: Runtime;
	userFolder: string;
	port?: number;
	brokerPort: number;
	customExtensions?: string | string[];
	env?: Record<string, string>;
}

export interface StartN8nOptions {
	runtime: Runtime;
	port?: number;
	brokerPort?: number;
	userFolder: string;
	customExtensions?: string | string[];
	env?: Record<string, string>;
	log?: (message: string) => void;
	readinessTimeoutMs?: number;
	/**
	 * The n8n command and its flags; `start` by default. `['worker']` for a queue-mode worker, which
	 * answers /healthz/readiness on `port` only with QUEUE_HEALTH_CHECK_ACTIVE=true and
	 * QUEUE_HEALTH_CHECK_PORT=<port> in env.
	 */
	command?: string[];
}

/** A running n8n server, as startN8n() returns it. */
export interface N8nServer {
	url: string;
	port: number;
	brokerPort: number;
	logFile: string;
	process: ChildProcess;
	/** Stops n8n (SIGTERM, then SIGKILL to its process group after 10 s) and any runner left. */
	stop: () => Promise<void>;
}

export interface N8nCliOptions {
	userFolder: string;
	env?: Record<string, string>;
	timeoutMs?: number;
}

export interface N8nCliResult {
	/** null when the command died of a signal (e.g. our timeout). */
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	/** Also its process group id. */
	pid: number | undefined;
}

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

/**
 * A free TCP port on 127.0.0.1 (bind to port 0, read it, release it). Another process could take
 * it before we use it; on a 2-core dev box that race has not been a practical problem.
 */
export function freePort(): Promise<number> {
	return new Promise((resolvePort, rejectPort) => {
		const server = createServer();
		server.unref();
		server.once('error', rejectPort);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => (port ? resolvePort(port) : rejectPort(new Error('no port assigned'))));
		});
	});
}

/**
 * Inherited variables that would make a run depend on the caller's shell: npm's (exported by
 * `npm run`, e.g. the repository's ignore-scripts) and n8n's own configuration (N8N_*, DB_*, ...),
 * which could point the test at another database or mode. What we pass explicitly wins anyway.
 * NODE_ENV and E2E_TESTS too: jest sets NODE_ENV=test, and n8n 2.41.1 with NODE_ENV=test
 * (@n8n/backend-common inTest) exits 1 from `n8n start` with an empty log, and exits 0 from
 * `import:*` / `execute` without doing anything. E2E_TESTS=true changes n8n's behaviour as well.
 */
function isInheritedNoise(key: string): boolean {
	return /^(npm_|N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|INIT_CWD$|NODE$|NODE_ENV$|E2E_TESTS$)/i.test(key);
}

/**
 * The environment n8n runs with (server and CLI alike).
 */
export function n8nEnv({ runtime, userFolder, port, brokerPort, customExtensions, env = {} }: N8nEnvOptions): NodeJS.ProcessEnv {
	const base: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!isInheritedNoise(key)) base[key] = value;
	}
	const n8n: Record<string, string> = {
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		// n8n 2.x always starts a task-runner broker, by default on 5679: every process (server or
		// CLI) needs its own port or two of them collide.
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		// The user folder is a fresh temp dir; skip the permission warning about its config file.
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	};
	if (port !== undefined) n8n.N8N_PORT = String(port);
	if (customExtensions !== undefined) {
		// n8n splits this variable on ';'. Point it at a package's dist/, not the repository root:
		// n8n scans the folder (node_modules included) for every *.node.js / *.credentials.js.
		n8n.N8N_CUSTOM_EXTENSIONS = Array.isArray(customExtensions) ? customExtensions.join(';') : customExtensions;
	}
	return { ...base, ...runtime.env, ...n8n, ...env };
}

/**
 * Last lines of a log file (for error messages).
 */
async function tail(file: string, lines: number = TAIL_LINES): Promise<string> {
	try {
		return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no output)';
	}
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Whether n8n serves its REST API. /healthz/readiness answers ok only after migrations (/healthz
 * before them), but n8n 1.x registers its REST routes later still (its first start on a busy
 * machine: tens of seconds more, answering 404 meanwhile), so the public /rest/settings must
 * answer too. A queue-mode worker serves no REST API: its health server's readiness is all there is.
 */
async function isReady(url: string, servesRest: boolean): Promise<boolean> {
	try {
		const readiness = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
		if (!readiness.ok || ((await readiness.json()) as { status?: string }).status !== 'ok') return false;
		if (!servesRest) return true;
		const settings = await fetch(`${url}/rest/settings`, { signal: AbortSignal.timeout(5000) });
		await settings.body?.cancel();
		return settings.ok;
	} catch {
		return false; // not listening yet
	}
}

/**
 * Whether any process is left in a process group.
 */
function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * SIGKILLs a whole process group if anything is left in it (task runners included).
 */
function killGroup(pgid: number): void {
	try {
		process.kill(-pgid, 'SIGKILL');
	} catch {
		// nothing left
	}
}

/**
 * Starts `n8n start` and waits until it is ready (migrations done).
 * The process gets its own process group (detached), so stop() and the exit safety net can reach
 * its task-runner children too.
 */
export async function startN8n({
	runtime,
	port,
	brokerPort,
	userFolder,
	customExtensions,
	env,
	log = () => {},
	readinessTimeoutMs = READINESS_TIMEOUT_MS,
	command = ['start'],
}: StartN8nOptions): Promise<N8nServer> {
	if (!userFolder) throw new Error('startN8n: userFolder is required');
	mkdirSync(userFolder, { recursive: true });
	const httpPort = port ?? (await freePort());
	let runnerPort = brokerPort ?? (await freePort());
	while (runnerPort === httpPort) runnerPort = await freePort();

	const logFile = join(userFolder, 'n8n.log');
	// The child writes straight into the file: no pipe to drain, and the log survives us.
	const fd = openSync(logFile, 'a');
	const startedAt = Date.now();
	const child = spawn(runtime.nodeBin, [...NODE_ARGS, runtime.n8nBin, ...command], {
		cwd: userFolder,
		env: n8nEnv({ runtime, userFolder, port: httpPort, brokerPort: runnerPort, customExtensions, env }),
		stdio: ['ignore', fd, fd],
		detached: true,
	});
	closeSync(fd);
	const pid = child.pid;
	if (pid === undefined) throw new Error(`could not start n8n (${runtime.nodeBin} ${runtime.n8nBin})`);
	log(`n8n starting (pid ${pid}, port ${httpPort}, broker ${runnerPort}, log ${logFile})`);

	let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
	const exitPromise = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
		child.once('exit', (code, signal) => {
			exited = { code, signal };
			resolveExit(exited);
		});
	});
	// Safety net: if our process exits without stop(), do not leave n8n running.
	const onExit = (): void => killGroup(pid);
	process.once('exit', onExit);

	let stopping: Promise<void> | undefined;
	const stop = (): Promise<void> => {
		stopping ??= (async () => {
			if (!exited) {
				try {
					// SIGTERM to n8n itself: it shuts down gracefully and stops its runner (2-3 s).
					process.kill(pid, 'SIGTERM');
				} catch {
					// already gone
				}
				// A cleared timer: a pending 10 s sleep would keep the caller's process alive.
				let graceTimer: NodeJS.Timeout | undefined;
				const timedOut = await Promise.race([
					exitPromise.then(() => false),
					new Promise<boolean>((r) => (graceTimer = setTimeout(() => r(true), STOP_GRACE_MS))),
				]);
				clearTimeout(graceTimer);
				if (timedOut) {
					log(`n8n (pid ${pid}) did not stop within ${STOP_GRACE_MS / 1000}s; killing its process group`);
					killGroup(pid);
					await exitPromise;
				}
			}
			// Any runner that outlived its parent.
			for (let i = 0; i < 20 && groupAlive(pid); i++) await sleep(100);
			if (groupAlive(pid)) killGroup(pid);
			process.removeListener('exit', onExit);
		})();
		return stopping;
	};

	const url = `http://127.0.0.1:${httpPort}`;
	for (;;) {
		if (exited) {
			process.removeListener('exit', onExit);
			killGroup(pid);
			throw new Error(
				`n8n exited before becoming ready (code ${exited.code}, signal ${exited.signal}); last output (${logFile}):\n${await tail(logFile)}`,
			);
		}
		if (Date.now() - startedAt > readinessTimeoutMs) {
			await stop();
			throw new Error(`n8n not ready after ${readinessTimeoutMs / 1000}s; last output (${logFile}):\n${await tail(logFile)}`);
		}
		if (await isReady(url, command[0] !== 'worker')) break;
		await sleep(250);
	}
	log(`n8n ready at ${url} in ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);
	return { url, port: httpPort, brokerPort: runnerPort, logFile, process: child, stop };
}

/**
 * Runs one n8n CLI command (e.g. `import:credentials --input=f.json`, `import:workflow --input=f.json`,
 * `execute --id=X --rawOutput`) against the same user folder (so the same SQLite database) as the
 * server. Works while a server on that folder is running. Each call gets its own task-runner broker
 * port (`execute` starts a broker too) unless env sets N8N_RUNNERS_BROKER_PORT.
 * @returns code is null when the command died of a signal (e.g. our timeout); pid is also its
 *   process group id
 */
export async function n8nCli(
	runtime: Runtime,
	args: string[],
	{ userFolder, env = {}, timeoutMs = CLI_TIMEOUT_MS }: N8nCliOptions,
): Promise<N8nCliResult> {
	if (!userFolder) throw new Error('n8nCli: userFolder is required');
	mkdirSync(userFolder, { recursive: true });
	const brokerPort = env.N8N_RUNNERS_BROKER_PORT ? Number(env.N8N_RUNNERS_BROKER_PORT) : await freePort();
	const child = spawn(runtime.nodeBin, [...NODE_ARGS, runtime.n8nBin, ...args], {
		cwd: userFolder,
		env: n8nEnv({ runtime, userFolder, brokerPort, env }),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const pid = child.pid;
	const onExit = (): void => {
		if (pid !== undefined) killGroup(pid);
	};
	process.once('exit', onExit);
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		if (pid !== undefined) killGroup(pid);
	}, timeoutMs);
	try {
		const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveRun, rejectRun) => {
			child.once('error', rejectRun);
			child.once('close', (exitCode, exitSignal) => resolveRun({ code: exitCode, signal: exitSignal }));
		});
		if (timedOut) stderr += `\n[n8nCli] killed after ${timeoutMs / 1000}s: n8n ${args.join(' ')}\n`;
		return { code, signal, stdout, stderr, pid };
	} finally {
		clearTimeout(timer);
		// The command's task runner should be gone with it; make sure.
		if (pid !== undefined) killGroup(pid);
		process.removeListener('exit', onExit);
	}
}

/**
 * Parses the run that `n8n execute --id=X --rawOutput` prints: a few log lines, then the run as
 * pretty-printed JSON from the first line starting with `{` (on failure, n8n prints the same JSON
 * via its logger and may add error lines after it, so the end is found by parsing, not assumed).
 * Node items: `data.resultData.runData["<node name>"][0].data.main[0][i].json`.
 * @returns the run
 */
export function parseExecuteOutput(stdout: string): Record<string, unknown> {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line.startsWith('{'));
	if (start === -1) {
		throw new Error(`no JSON in n8n execute output:\n${stdout.split('\n').slice(-TAIL_LINES).join('\n')}`);
	}
	const rest = lines.slice(start).join('\n');
	try {
		return JSON.parse(rest) as Record<string, unknown>;
	} catch {
		// Trailing non-JSON lines: try each top-level closing brace (pretty-printed: a line that is
		// exactly "}"), first one first.
		for (let end = start; end < lines.length; end++) {
			if (lines[end].trimEnd() !== '}') continue;
			try {
				return JSON.parse(lines.slice(start, end + 1).join('\n')) as Record<string, unknown>;
			} catch {
				// keep looking
			}
		}
	}
	throw new Error(`could not parse the JSON in n8n execute output:\n${rest.slice(0, 2000)}`);
}

/** The part of a parsed run that nodeOutput() reads. */
interface RunData {
	resultData?: {
		runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
	};
}

/**
 * The items a node produced in a parsed run (first run of the node, first output).
 * @param run result of parseExecuteOutput
 * @returns the items' json
 */
export function nodeOutput(run: Record<string, unknown>, nodeName: string): Array<Record<string, unknown>> {
	const data = run.data as RunData | undefined;
	const nodeRuns = data?.resultData?.runData?.[nodeName];
	if (!nodeRuns || nodeRuns.length === 0) throw new Error(`node "${nodeName}" did not run`);
	const items = nodeRuns[0].data?.main?.[0] ?? [];
	return items.map((item) => item.json);
}

/**
 * Takes the session cookie (`n8n-auth=...`) from a REST response.
 */
function sessionCookie(response: Response): string {
	const cookies = response.headers.getSetCookie();
	const auth = cookies.map((cookie) => cookie.split(';')[0]).find((pair) => pair.startsWith(`${AUTH_COOKIE_NAME}=`));
	if (!auth) throw new Error(`no ${AUTH_COOKIE_NAME} cookie in the response (Set-Cookie: ${cookies.join(' | ') || 'none'})`);
	return auth;
}

async function postJson(url: string, path: string, body: Record<string, unknown>): Promise<Response> {
	const response = await fetch(`${url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(30_000),
	});
	if (!response.ok) {
		throw new Error(`POST ${path} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
	}
	return response;
}

/**
 * Creates the instance owner (only possible once per user folder) and returns the session cookie.
 * n8n 2.41.1 body (OwnerSetupRequestDto): email, firstName, lastName, password; the password needs
 * 8-64 characters with at least one digit and one uppercase letter.
 * No `browser-id` header is sent, so the session is not bound to one (n8n then skips that check).
 * @param url base URL, e.g. http://127.0.0.1:5678
 * @returns cookie header value, e.g. "n8n-auth=eyJ..."
 */
export async function setupOwner(url: string, { email, password, firstName, lastName }: OwnerAccount): Promise<string> {
	const response = await postJson(url, '/rest/owner/setup', { email, password, firstName, lastName });
	return sessionCookie(response);
}

/**
 * Signs in an existing user and returns the session cookie.
 * n8n 2.41.1 body (LoginRequestDto): emailOrLdapLoginId, password (and optional mfaCode).
 * Rate-limited by n8n to 5 attempts per minute per emailOrLdapLoginId.
 * @returns cookie header value, e.g. "n8n-auth=eyJ..."
 */
export async function login(url: string, { email, password }: { email: string; password: string }): Promise<string> {
	const response = await postJson(url, '/rest/login', { emailOrLdapLoginId: email, password });
	return sessionCookie(response);
}

/**
 * An authenticated REST call; n8n wraps answers as `{ data: ... }`, which this unwraps.
 * @param cookie from setupOwner / login
 * @param path e.g. /rest/dynamic-node-parameters/options
 */
export async function rest(url: string, cookie: string, method: string, path: string, body?: unknown): Promise<unknown> {
	const headers: Record<string, string> = { cookie };
	if (body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(`${url}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(30_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
	const parsed: unknown = text ? JSON.parse(text) : undefined;
	return parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed;
}

/**
 * Processes left of the n8n processes we started: those whose environment has
 * N8N_USER_FOLDER=<userFolder> (n8n server and CLI processes), and those in any of the given
 * process groups (the task runner n8n spawns does NOT inherit N8N_USER_FOLDER, only its group).
 * Linux only (/proc). Zombies and unreadable processes are skipped.
 * @returns PIDs
 */
export async function findN8nProcesses({ userFolder, pgids = [] }: { userFolder?: string; pgids?: number[] }): Promise<number[]> {
	const needle = userFolder ? `N8N_USER_FOLDER=${userFolder}` : undefined;
	const found: number[] = [];
	for (const entry of await readdir('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may contain spaces/parens.
			const stat = await readFile(`/proc/${entry}/stat`, 'latin1');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (fields[0] === 'Z') continue;
			if (pgids.includes(Number(fields[2]))) {
				found.push(Number(entry));
				continue;
			}
			if (needle) {
				const environ = await readFile(`/proc/${entry}/environ`, 'latin1');
				if (environ.split('\0').includes(needle)) found.push(Number(entry));
			}
		} catch {
			// gone, or not ours to read
		}
	}
	return found;
}

/** A credential as `n8n import:credentials` takes it; n8n encrypts `data` on import. */
export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, string | number | boolean>;
}

function cliFailure(what: string, result: N8nCliResult): Error {
	const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-TAIL_LINES).join('\n');
	return new Error(`n8n ${what} exited with ${result.code ?? result.signal}:\n${output}`);
}

/** Imports credentials. The plain-text file holds API keys: owner-only, and removed at once. */
export async function importCredentials(
	runtime: Runtime,
	userFolder: string,
	credentials: CredentialImport[],
): Promise<void> {
	const file = join(userFolder, `credentials-${process.pid}-${Date.now()}.json`);
	await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
	try {
		const result = await n8nCli(runtime, ['import:credentials', `--input=${file}`], { userFolder });
		if (result.code !== 0) throw cliFailure('import:credentials', result);
	} finally {
		await rm(file, { force: true });
	}
}

/**
 * Imports every *.json workflow of a folder with one command (each n8n command costs 3-4 s of
 * start-up) and checks n8n's count: with --separate it only warns about an invalid file, and
 * an import can exit 0 having done nothing.
 */
export async function importWorkflows(
	runtime: Runtime,
	userFolder: string,
	folder: string,
	expected: number,
): Promise<void> {
	const what = `import:workflow --separate --input=${folder}`;
	const result = await n8nCli(runtime, ['import:workflow', '--separate', `--input=${folder}`], { userFolder });
	const imported = /Successfully imported (\d+) workflows?/.exec(`${result.stdout}\n${result.stderr}`);
	if (result.code !== 0 || !imported) throw cliFailure(what, result);
	if (Number(imported[1]) !== expected) {
		throw new Error(`n8n imported ${imported[1]} of ${expected} workflows from ${folder}:\n${cliFailure(what, result).message}`);
	}
}
