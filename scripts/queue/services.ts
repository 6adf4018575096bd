// Throwaway Redis and PostgreSQL for n8n queue mode: Debian's redis-server and postgresql
// (installed with apt-get when missing), each on a free port of 127.0.0.1 with its data in a temp
// folder, stopped and removed on stop() and on any exit of this process (Ctrl-C included).
// PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user the Debian
// package creates, in a folder that user owns.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../runtime/n8n';

const READY_TIMEOUT_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Service {
	port: number;
	/** The process group of its processes (for the benchmark's watch on other processes). */
	group?: number;
	stop(): void;
}

/** What `apt-get install` needs for each command: Debian's package names. */
const PACKAGES = { redis: 'redis-server', postgres: 'postgresql' } as const;

function isRoot(): boolean {
	return process.getuid?.() === 0;
}

/** PostgreSQL's programs (initdb, pg_ctl, createdb): Debian keeps them per major version. */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((version) => existsSync(join(root, version, 'bin', 'pg_ctl')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : undefined;
}

function hasRedis(): boolean {
	return existsSync('/usr/bin/redis-server');
}

/**
 * Installs redis-server and postgresql with apt-get when missing, as root or through `sudo -n`
 * (as scripts/runtime/chromium.ts does), waiting for another apt-get's lock up to 10 minutes, and
 * with `apt-get update` once if the first try cannot find them.
 */
export function ensureServices(log: (message: string) => void): void {
	const missing = [...(hasRedis() ? [] : [PACKAGES.redis]), ...(postgresBin() ? [] : [PACKAGES.postgres])];
	if (missing.length === 0) return;
	const aptGet = (args: string[]) => {
		const full = ['-o', 'DPkg::Lock::Timeout=600', ...args];
		const [command, commandArgs] = isRoot() ? ['apt-get', full] : ['sudo', ['-n', 'apt-get', ...full]];
		execFileSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	};
	const install = () => aptGet(['install', '-y', '--no-install-recommends', ...missing]);
	log(`installing ${missing.join(', ')} with apt-get`);
	try {
		try {
			install();
		} catch {
			aptGet(['update']);
			install();
		}
	} catch (error) {
		const output = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? '';
		throw new Error(`queue mode needs ${missing.join(' and ')}; apt-get failed (install them with: sudo apt-get install -y ${missing.join(' ')}):\n${output}`);
	}
}

/** Removes the folder and the exit handler once the service is stopped. */
function stopper(folder: string, stopProcess: () => void): () => void {
	let stopped = false;
	const stop = (): void => {
		if (stopped) return;
		stopped = true;
		process.removeListener('exit', stop);
		stopProcess();
		rmSync(folder, { recursive: true, force: true });
	};
	process.once('exit', stop);
	return stop;
}

async function waitFor(what: string, ready: () => boolean): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (!ready()) {
		if (Date.now() > deadline) throw new Error(`${what} not ready after ${READY_TIMEOUT_MS / 1000} s`);
		await sleep(200);
	}
}

function succeeds(command: string, args: string[]): boolean {
	try {
		execFileSync(command, args, { stdio: 'ignore', timeout: 5000 });
		return true;
	} catch {
		return false;
	}
}

/** redis-server on 127.0.0.1, nothing saved to disk. */
export async function startRedis(log: (message: string) => void): Promise<Service> {
	const port = await freePort();
	const folder = mkdtempSync(join(tmpdir(), 'octopods-redis-'));
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder];
	const child = spawn('/usr/bin/redis-server', args, { stdio: 'ignore', detached: true });
	const pid = child.pid;
	const stop = stopper(folder, () => {
		try {
			if (pid !== undefined) process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone
		}
	});
	try {
		await waitFor('redis-server', () => succeeds('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping']));
	} catch (error) {
		stop();
		throw error;
	}
	log(`redis-server on 127.0.0.1:${port} (pid ${pid})`);
	return { port, group: pid, stop };
}

export interface Postgres extends Service {
	database: string;
	user: string;
}

/** A PostgreSQL cluster of its own (initdb, trust on 127.0.0.1 only), with an `n8n` database and user. */
export async function startPostgres(log: (message: string) => void): Promise<Postgres> {
	const bin = postgresBin();
	if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
	const port = await freePort();
	const folder = mkdtempSync(join(tmpdir(), 'octopods-postgres-'));
	const data = join(folder, 'data');
	// As root, every PostgreSQL command runs as `postgres`, which must own the folder.
	const asUser = (command: string, args: string[]): [string, string[]] =>
		isRoot() ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
	if (isRoot()) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		chownSync(folder, uid, gid);
	}
	const run = (command: string, args: string[]) => {
		const [file, fullArgs] = asUser(command, args);
		execFileSync(file, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: folder });
	};
	const stop = stopper(folder, () => {
		// Immediate: a throwaway database needs no clean shutdown, and an exit handler cannot wait.
		if (existsSync(join(data, 'postmaster.pid'))) {
			try {
				run('pg_ctl', ['-D', data, 'stop', '-m', 'immediate', '-w']);
			} catch {
				// already stopped
			}
		}
	});
	try {
		run('initdb', ['-D', data, '-U', 'n8n', '--auth=trust', '--encoding=UTF8', '--no-sync']);
		const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${folder} -c fsync=off -c max_connections=100`;
		run('pg_ctl', ['-D', data, '-o', options, '-l', join(folder, 'postgres.log'), '-w', 'start']);
		run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n']);
	} catch (error) {
		stop();
		const output = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
		throw new Error(`could not start PostgreSQL: ${(error as Error).message}\n${output}`);
	}
	log(`PostgreSQL on 127.0.0.1:${port} (${bin})`);
	// postmaster.pid starts with the server's pid; pg_ctl starts it in a session of its own.
	const group = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
	return { port, group, database: 'n8n', user: 'n8n', stop };
}
