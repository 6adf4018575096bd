// A Chromium for the editor-in-a-real-browser test (test/e2e/editor.e2e.test.ts), driven by
// playwright-core. Playwright's own browser download is not reachable on these machines (only the
// npm registry and Debian's package mirrors are, see shared/notes/real-n8n.md), so we use Debian's
// `chromium` package: `/usr/bin/chromium` when it is there, else `apt-get install -y chromium`
// (about 20 s once the package lists are fresh), as root or through `sudo -n`.
//
// Environment: OCTOPODS_CHROMIUM=<path> uses that binary instead (nothing is installed).

import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';

/** Where Debian's `chromium` package puts its launcher. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** apt waits this long for another apt/dpkg run (e.g. unattended upgrades) to release its lock. */
const APT_LOCK_TIMEOUT_S = 600;
const APT_STEP_TIMEOUT_MS = 15 * 60 * 1000;
const VERSION_TIMEOUT_MS = 30_000;
const TAIL_LINES = 30;

export interface EnsureChromiumOptions {
	log?: (message: string) => void;
}

/** A failed step of finding or installing Chromium, with what to do about it. */
export class ChromiumError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ChromiumError';
	}
}

function defaultLog(message: string): void {
	process.stderr.write(`[chromium] ${message}\n`);
}

function isExecutable(file: string): boolean {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	output: string;
	timedOut: boolean;
}

/**
 * Runs a command; each output line is passed to `onLine` (progress), and the whole output kept
 * for the error message.
 */
function run(
	command: string,
	args: string[],
	{ env = process.env, timeoutMs, onLine }: { env?: NodeJS.ProcessEnv; timeoutMs: number; onLine?: (line: string) => void },
): Promise<RunResult> {
	return new Promise((resolveRun) => {
		let output = '';
		let pending = '';
		let timedOut = false;
		const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGKILL');
		}, timeoutMs);
		const onData = (chunk: string) => {
			output += chunk;
			if (!onLine) return;
			pending += chunk;
			const lines = pending.split(/\r?\n/);
			pending = lines.pop() ?? '';
			for (const line of lines) if (line.trim()) onLine(line);
		};
		child.stdout.setEncoding('utf8').on('data', onData);
		child.stderr.setEncoding('utf8').on('data', onData);
		child.once('error', (error) => {
			clearTimeout(timer);
			resolveRun({ code: null, signal: null, output: `${output}\n${error.message}`, timedOut });
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			if (onLine && pending.trim()) onLine(pending);
			resolveRun({ code, signal, output, timedOut });
		});
	});
}

function tail(output: string): string {
	return output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n') || '(no output)';
}

/** `<binary> --version`, e.g. "Chromium 156.0.8078.79 built on Debian GNU/Linux 12 (bookworm)". */
async function chromiumVersion(binary: string): Promise<string> {
	const result = await run(binary, ['--version'], { timeoutMs: VERSION_TIMEOUT_MS });
	// Debian's launcher script may print shell warnings on stderr; the version line is what counts.
	const line = result.output.split('\n').find((text) => /chrom/i.test(text) && /\d+\.\d+/.test(text));
	if (result.code !== 0) {
		throw new ChromiumError(
			`${binary} does not run (${result.timedOut ? 'timed out' : `exit ${result.code ?? result.signal}`}):\n${tail(result.output)}`,
		);
	}
	if (!line) throw new ChromiumError(`${binary} is not a Chromium: \`--version\` printed no Chromium version:\n${tail(result.output)}`);
	return line.trim();
}

/**
 * The way to run apt-get as root: directly when we are root, else through `sudo -n` (never
 * prompts; fails at once when a password would be needed).
 */
function aptCommand(): { command: string; prefix: string[] } {
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	return isRoot ? { command: 'apt-get', prefix: [] } : { command: 'sudo', prefix: ['-n', 'apt-get'] };
}

async function aptStep(step: string, aptArgs: string[], log: (message: string) => void): Promise<void> {
	const { command, prefix } = aptCommand();
	const args = [...prefix, '-o', `DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_S}`, ...aptArgs];
	log(`$ ${[command, ...args].join(' ')}`);
	const started = Date.now();
	const result = await run(command, args, {
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		timeoutMs: APT_STEP_TIMEOUT_MS,
		// apt's own progress lines ("Get:12 ...", "Unpacking ...", "Setting up ..."), not every line.
		onLine: (line) => {
			if (/^(Get:|Hit:|Fetched|Reading package lists|Unpacking|Setting up|E:|W:|sudo:)/.test(line)) log(`  ${line}`);
		},
	});
	if (result.code !== 0) {
		const why = result.timedOut
			? `timed out after ${APT_STEP_TIMEOUT_MS / 60_000} min`
			: result.code === null && result.signal === null
				? `could not run ${command}`
				: `exit ${result.code ?? result.signal}`;
		const hint = /sudo/.test(result.output) && command === 'sudo'
			? '\nNot root and `sudo -n` is not allowed: install it yourself with `sudo apt-get install -y chromium`, or set OCTOPODS_CHROMIUM to a Chromium binary.'
			: '\nInstall it yourself with `apt-get install -y chromium` (as root), or set OCTOPODS_CHROMIUM to a Chromium binary.';
		throw new ChromiumError(`${step} failed (${why}):\n${tail(result.output)}${hint}`);
	}
	log(`${step} done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/**
 * The path of a Chromium binary that runs: OCTOPODS_CHROMIUM if set, else Debian's
 * /usr/bin/chromium, installed with apt-get (as root, or with `sudo -n`) when missing.
 * Fails with a ChromiumError that says which step failed and how to fix it by hand.
 */
export async function ensureChromium(options: EnsureChromiumOptions = {}): Promise<string> {
	const log = options.log ?? defaultLog;

	const override = process.env.OCTOPODS_CHROMIUM;
	if (override) {
		if (!isExecutable(override)) {
			throw new ChromiumError(`OCTOPODS_CHROMIUM=${override} is not an executable file.`);
		}
		log(`using ${await chromiumVersion(override)} (${override}, from OCTOPODS_CHROMIUM)`);
		return override;
	}

	if (isExecutable(DEBIAN_CHROMIUM)) {
		log(`using ${await chromiumVersion(DEBIAN_CHROMIUM)} (${DEBIAN_CHROMIUM})`);
		return DEBIAN_CHROMIUM;
	}

	if (!existsSync('/usr/bin/apt-get') && !existsSync('/bin/apt-get')) {
		throw new ChromiumError(
			`${DEBIAN_CHROMIUM} is missing and there is no apt-get to install it (this is not a Debian-like system). ` +
				'Install Chromium and set OCTOPODS_CHROMIUM to its binary.',
		);
	}
	log(`${DEBIAN_CHROMIUM} is missing: installing Debian's chromium package (about 20 s; more on a cold mirror)`);
	await aptStep('apt-get update', ['update'], log);
	await aptStep('apt-get install chromium', ['install', '-y', 'chromium'], log);
	if (!isExecutable(DEBIAN_CHROMIUM)) {
		throw new ChromiumError(`apt-get installed chromium but ${DEBIAN_CHROMIUM} is not there.`);
	}
	log(`installed ${await chromiumVersion(DEBIAN_CHROMIUM)} (${DEBIAN_CHROMIUM})`);
	return DEBIAN_CHROMIUM;
}

if (require.main === module) {
	ensureChromium().then(
		(path) => process.stdout.write(`${path}\n`),
		(error: Error) => {
			process.stderr.write(`${error.message}\n`);
			process.exit(1);
		},
	);
}
