// What the machine was and what else it was doing: figures measured in real time mean little
// without it. Other n8n or jest processes (another engineer's test run) compete for the CPU and
// distort every timing, so the benchmark watches the other processes while it runs and says what
// they did.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';

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

/** n8n (server, CLI, task runner) or jest, by its command line. */
const COMPETITOR = /(\/n8n\/bin\/n8n|@n8n\/task-runner|\/jest(\.js)?\b|\bjest-worker\b)/;
/** Linux reports CPU times in clock ticks of USER_HZ, 100 a second on every mainstream platform. */
const TICKS_PER_SECOND = 100;

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
	/** CPU time used so far (user + system), and when the process started, in ticks since boot. */
	cpuTicks: number;
	startTicks: number;
	/** Whether its environment names the benchmark's n8n user folder. */
	hasUserFolder: boolean;
}

/** A user process (kernel threads have no command line); undefined when gone or unreadable. */
function readProcess(pid: string, userFolder: string): ProcessInfo | undefined {
	try {
		const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
		if (!command) return undefined;
		// "pid (comm) state ppid pgrp ... utime stime ... starttime"; comm may hold spaces and parentheses.
		const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const environ = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
		return {
			pid: Number(pid),
			state: fields[0],
			group: Number(fields[2]),
			command,
			cpuTicks: Number(fields[11]) + Number(fields[12]),
			startTicks: Number(fields[19]),
			hasUserFolder: environ.includes(`N8N_USER_FOLDER=${userFolder}`),
		};
	} catch {
		return undefined;
	}
}

/** Every live user process that is not the benchmark's own. */
function otherProcesses(own: OwnProcesses): ProcessInfo[] {
	const processes = readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.map((entry) => readProcess(entry, own.userFolder))
		.filter((info): info is ProcessInfo => info !== undefined && info.state !== 'Z');
	// Ours: the groups it started, its own (npm and the benchmark), and any n8n on its user folder
	// with that n8n's group (the task runner lacks the user folder but shares its n8n's group).
	const ownGroups = new Set(own.groups);
	for (const info of processes) {
		if (info.pid === process.pid || info.hasUserFolder) ownGroups.add(info.group);
	}
	return processes.filter((info) => !info.hasUserFolder && !ownGroups.has(info.group));
}

function uptimeTicks(): number {
	return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * TICKS_PER_SECOND;
}

/** What else the machine did while the benchmark ran. */
export interface MachineActivity {
	/** Other n8n and jest processes seen ("pid command"): they compete for the same CPU. */
	competitors: string[];
	/** CPU seconds used by processes not the benchmark's own while it ran, and the busiest of them. */
	otherCpuSeconds: number;
	busiest: Array<{ command: string; seconds: number }>;
}

/**
 * Looks at every process every few seconds while the benchmark runs (another engineer may start
 * a test run halfway): names other n8n/jest processes at once, and adds up the CPU time others
 * use. A process that lives less than one interval can be missed.
 */
export class BusyWatch {
	private readonly competitors: string[] = [];
	/** Per process: its command, its CPU time when the watch began (or 0 if it began later), and now. */
	private readonly cpu = new Map<number, { command: string; from: number; to: number }>();
	private readonly startedAt = uptimeTicks();
	private readonly timer: NodeJS.Timeout;

	constructor(
		private readonly own: OwnProcesses,
		private readonly onCompetitor: (line: string) => void,
		intervalMs = 5000,
	) {
		this.check();
		this.timer = setInterval(() => this.check(), intervalMs);
	}

	check(): void {
		for (const info of otherProcesses(this.own)) {
			const from = info.startTicks < this.startedAt ? info.cpuTicks : 0;
			const entry = this.cpu.get(info.pid) ?? { command: info.command, from, to: info.cpuTicks };
			entry.to = info.cpuTicks;
			this.cpu.set(info.pid, entry);
			const line = `${info.pid} ${info.command.slice(0, 120)}`;
			if (!COMPETITOR.test(info.command) || this.competitors.includes(line)) continue;
			this.competitors.push(line);
			this.onCompetitor(line);
		}
	}

	stop(): MachineActivity {
		clearInterval(this.timer);
		this.check();
		const perCommand = new Map<string, number>();
		for (const { command, from, to } of this.cpu.values()) {
			const key = command.slice(0, 80);
			perCommand.set(key, (perCommand.get(key) ?? 0) + (to - from) / TICKS_PER_SECOND);
		}
		const busiest = [...perCommand]
			.map(([command, seconds]) => ({ command, seconds }))
			.filter((entry) => entry.seconds >= 0.5)
			.sort((a, b) => b.seconds - a.seconds)
			.slice(0, 3);
		const otherCpuSeconds = [...perCommand.values()].reduce((sum, seconds) => sum + seconds, 0);
		return { competitors: this.competitors, otherCpuSeconds, busiest };
	}
}
