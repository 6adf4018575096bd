// The real n8n the benchmark runs in: the provisioned runtime (Node 24 + n8n 2.41.1, cached in
// ~/.cache/n8n-nodes-octopods), a fresh user folder with this package installed as a community
// package, and the benchmark's credentials and workflows imported. Batch scenarios run with
// `n8n execute` (each a fresh n8n process, so a fresh channel budget and a clean memory peak);
// the webhook scenario runs against `n8n start`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	freePort,
	importWorkflows,
	n8nCli,
	n8nEnv,
	NODE_ARGS,
	parseExecuteOutput,
	rest,
	setupOwner,
	startN8n,
	type N8nServer,
} from '../runtime/n8n';
import { installPackage } from '../runtime/package';
import { ensureRuntime, type Runtime } from '../runtime/provision';
import type { Workflow } from './workflows';

/** A credential as `n8n import:credentials` takes it; `data` keeps its types (customLimits is a boolean). */
export interface BenchCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, string | number | boolean>;
}

/** What the benchmark reads of one node's run in an execution. */
export interface NodeRun {
	/** How long n8n measured the node's execute() (ms). */
	executionTime: number;
	items: Array<{ json: Record<string, unknown> }>;
}

export interface ExecuteResult {
	run: Record<string, unknown>;
	node(name: string): NodeRun;
}

export interface RunningServer {
	url: string;
	rest<T>(method: string, path: string, body?: unknown): Promise<T>;
	stop(): Promise<void>;
}

const OWNER = { email: 'bench@octopods.local', password: 'Octopods-Bench-1', firstName: 'Bench', lastName: 'Mark' };
const OUTPUT_TAIL_CHARS = 3000;
/** Far beyond any scenario (the longest, 1,000 sends at the real limit, takes about 3 minutes). */
const EXECUTE_TIMEOUT_MS = 15 * 60_000;

interface ProcessOutput {
	code: number | null;
	stdout: string;
	stderr: string;
}

interface RunDataShape {
	resultData?: {
		error?: { message?: string };
		runData?: Record<string, Array<{ executionTime?: number; data?: { main?: Array<NodeRun['items'] | null> } }>>;
	};
}

function nodeRunOf(run: Record<string, unknown>, name: string): NodeRun {
	const taskData = (run.data as RunDataShape | undefined)?.resultData?.runData?.[name]?.[0];
	if (!taskData) throw new Error(`node "${name}" did not run`);
	return { executionTime: taskData.executionTime ?? NaN, items: taskData.data?.main?.[0] ?? [] };
}

function killGroup(group: number): void {
	try {
		process.kill(-group, 'SIGKILL');
	} catch {
		// already gone
	}
}

/** Waits (up to 5 s) until no process is left in the group. */
async function groupGone(group: number): Promise<void> {
	for (let i = 0; i < 50; i++) {
		try {
			process.kill(-group, 0);
		} catch {
			return;
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

export class BenchN8n {
	private server: N8nServer | undefined;
	/** Process groups of the n8n processes started here (each with its task runner), for the machine check. */
	readonly ownGroups = new Set<number>();

	private constructor(
		readonly runtime: Runtime,
		readonly userFolder: string,
		private readonly log: (message: string) => void,
	) {}

	/** Provisions (or reuses) the runtime and installs the built package into a fresh user folder. */
	static async create(log: (message: string) => void): Promise<BenchN8n> {
		const runtime = await ensureRuntime({ log });
		const userFolder = mkdtempSync(join(tmpdir(), 'octopods-bench-'));
		// Interrupted (Ctrl-C, SIGTERM), the benchmark leaves through process.exit: no temp folder left behind.
		process.once('exit', () => rmSync(userFolder, { recursive: true, force: true }));
		await installPackage(userFolder, { log });
		return new BenchN8n(runtime, userFolder, log);
	}

	/** Imports credentials. The plain-text file holds API keys: owner-only, and removed at once. */
	async importCredentials(credentials: BenchCredential[]): Promise<void> {
		const file = join(this.userFolder, 'bench-credentials.json');
		await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
		try {
			const result = await n8nCli(this.runtime, ['import:credentials', `--input=${file}`], { userFolder: this.userFolder });
			if (result.code !== 0) throw new Error(`n8n import:credentials failed:\n${result.stdout}${result.stderr}`.slice(-OUTPUT_TAIL_CHARS));
		} finally {
			await rm(file, { force: true });
		}
	}

	/** Imports every workflow with one command (each n8n command costs seconds of start-up). */
	async importWorkflows(workflows: Workflow[]): Promise<void> {
		const folder = join(this.userFolder, 'bench-workflows');
		await mkdir(folder, { recursive: true });
		await Promise.all(workflows.map((workflow) => writeFile(join(folder, `${workflow.id}.json`), JSON.stringify(workflow))));
		await importWorkflows(this.runtime, this.userFolder, folder, workflows.length);
	}

	/**
	 * `n8n execute --id=<id> --rawOutput` in its own process group, spawned here rather than through
	 * n8nCli so that the caller learns the process id at once (to watch its memory while it runs).
	 */
	private async spawnExecute(workflowId: string, onStart: (pid: number) => void): Promise<ProcessOutput> {
		const env = n8nEnv({ runtime: this.runtime, userFolder: this.userFolder, brokerPort: await freePort() });
		const args = [...NODE_ARGS, this.runtime.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'];
		const child = spawn(this.runtime.nodeBin, args, { cwd: this.userFolder, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		const pid = child.pid;
		if (pid === undefined) throw new Error('could not start n8n execute');
		this.ownGroups.add(pid);
		// If the benchmark dies mid-run, do not leave n8n (or its task runner) behind.
		const kill = (): void => killGroup(pid);
		process.once('exit', kill);
		onStart(pid);
		const chunks: string[] = [];
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-OUTPUT_TAIL_CHARS)));
		const timer = setTimeout(kill, EXECUTE_TIMEOUT_MS);
		try {
			const code = await new Promise<number | null>((resolve, reject) => {
				child.once('error', reject);
				child.once('close', resolve);
			});
			return { code, stdout: chunks.join(''), stderr };
		} finally {
			clearTimeout(timer);
			// Its task runner goes with it: wait, so it neither competes with the next run nor is taken for someone else's.
			kill();
			await groupGone(pid);
			process.removeListener('exit', kill);
		}
	}

	/** Runs the workflow once in a fresh `n8n execute`; fails unless it succeeded. */
	async execute(workflowId: string, onStart: (pid: number) => void = () => {}): Promise<ExecuteResult> {
		const { code, stdout, stderr } = await this.spawnExecute(workflowId, onStart);
		if (code !== 0) throw new Error(`n8n execute --id=${workflowId} exited with ${code}:\n${stdout.slice(-OUTPUT_TAIL_CHARS)}\n${stderr}`);
		const run = parseExecuteOutput(stdout);
		const error = (run.data as RunDataShape | undefined)?.resultData?.error;
		if (error) throw new Error(`workflow ${workflowId} failed: ${error.message ?? 'unknown error'}`);
		return { run, node: (name) => nodeRunOf(run, name) };
	}

	/** Starts `n8n start` on this user folder and signs in as a freshly created owner. */
	async startServer(): Promise<RunningServer> {
		const server = await startN8n({ runtime: this.runtime, userFolder: this.userFolder, log: this.log });
		this.server = server;
		if (server.process.pid !== undefined) this.ownGroups.add(server.process.pid);
		const cookie = await setupOwner(server.url, OWNER);
		return {
			url: server.url,
			rest: async <T>(method: string, path: string, body?: unknown) => (await rest(server.url, cookie, method, path, body)) as T,
			stop: () => this.stopServer(),
		};
	}

	private async stopServer(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		await server?.stop();
	}

	/** Stops the server if it runs and removes the user folder. */
	async dispose(): Promise<void> {
		await this.stopServer();
		await rm(this.userFolder, { recursive: true, force: true });
	}
}
