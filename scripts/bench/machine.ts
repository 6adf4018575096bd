// What the machine was and what else it was doing: figures measured in real time mean little
// without it. Other n8n or jest processes (another engineer's test run) compete for the CPU and
// distort every timing, so the benchmark looks for them every few seconds and says so.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

import { N8N_VERSION, NODE_VERSION } from '../runtime/provision';

export interface Machine {
	cpu: string;
	cores: number;
	memoryGiB: number;
	kernel: string;
	node: string;
	n8n: string;
	/** The code measured: its commit, and any uncommitted change to what the package ships. */
	code: string;
}

function git(root: string, args: string[]): string {
	return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** "commit abc1234", plus the shipped files (nodes/, credentials/) that differ from it. */
function codeVersion(root: string): string {
	try {
		const commit = `commit ${git(root, ['rev-parse', '--short', 'HEAD']).trim()}`;
		const changed = git(root, ['status', '--porcelain', '--', 'nodes', 'credentials'])
			.split('\n')
			.filter(Boolean)
			.map((line) => line.slice(3)); // "XY path", X and Y may be spaces
		return changed.length ? `${commit} with uncommitted changes to ${changed.join(', ')}` : commit;
	} catch {
		return 'unknown (not a git checkout)';
	}
}

export function describeMachine(root: string): Machine {
	const processors = cpus();
	return {
		cpu: processors[0]?.model.trim() || 'unknown CPU',
		cores: processors.length,
		memoryGiB: totalmem() / 1024 ** 3,
		kernel: `Linux ${release()}`,
		node: NODE_VERSION,
		n8n: N8N_VERSION,
		code: codeVersion(root),
	};
}

/** The 1-minute load average: how busy the machine was just before a scenario. */
export function loadAverage(): number {
	return loadavg()[0];
}

/** n8n (server, CLI, task runner) or jest, by its command line. */
const COMPETITOR = /(\/n8n\/bin\/n8n|@n8n\/task-runner|\/jest(\.js)?\b|\bjest-worker\b)/;

/** What the benchmark started: n8n processes get its user folder, their task runners their group. */
export interface OwnProcesses {
	userFolder: string;
	/** Process groups of the n8n processes started (each process is its group's leader). */
	groups: ReadonlySet<number>;
}

interface ProcessInfo {
	pid: number;
	state: string;
	group: number;
	command: string;
	/** Whether its environment names the benchmark's n8n user folder. */
	ours: boolean;
}

/** The process, if it is an n8n or jest process (by its command line). */
function readCompetitor(pid: string, userFolder: string): ProcessInfo | undefined {
	try {
		const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
		if (!COMPETITOR.test(command)) return undefined;
		// "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
		const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
		const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const environ = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
		return { pid: Number(pid), state, group: Number(group), command, ours: environ.includes(`N8N_USER_FOLDER=${userFolder}`) };
	} catch {
		return undefined; // gone, or not ours to read
	}
}

/** n8n and jest processes that are not the benchmark's own. Returns "pid command" lines. */
export function otherBusyProcesses(own: OwnProcesses): string[] {
	const processes = readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
		.map((entry) => readCompetitor(entry, own.userFolder))
		.filter((info): info is ProcessInfo => info !== undefined && info.state !== 'Z');
	// A task runner lacks the user folder in its environment but shares its n8n's process group.
	const ownGroups = new Set([...own.groups, ...processes.filter((info) => info.ours).map((info) => info.group)]);
	return processes
		.filter((info) => !info.ours && !ownGroups.has(info.group))
		.map((info) => `${info.pid} ${info.command.slice(0, 120)}`);
}

/**
 * Looks for other n8n/jest processes every few seconds while the benchmark runs (another engineer
 * may start a test run halfway), keeping each one it saw.
 */
export class BusyWatch {
	readonly seen: string[] = [];
	private readonly timer: NodeJS.Timeout;

	constructor(
		private readonly own: OwnProcesses,
		private readonly onNew: (line: string) => void,
		intervalMs = 5000,
	) {
		this.check();
		this.timer = setInterval(() => this.check(), intervalMs);
	}

	check(): void {
		for (const line of otherBusyProcesses(this.own)) {
			if (this.seen.includes(line)) continue;
			this.seen.push(line);
			this.onNew(line);
		}
	}

	stop(): string[] {
		clearInterval(this.timer);
		this.check();
		return this.seen;
	}
}
