import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { ensureRuntime, PINNED_N8N } from '../../../scripts/runtime/provision';
import type { N8nRelease, Runtime } from '../../../scripts/runtime/provision';
import type { CredentialImport } from '../../../scripts/runtime/n8n';
import {
	findN8nProcesses,
	freePort,
	importCredentials,
	importWorkflows,
	n8nCli,
	nodeOutput,
	parseExecuteOutput,
	login,
	rest,
	setupOwner,
	startN8n,
} from '../../../scripts/runtime/n8n';
import { installPackage } from '../../../scripts/runtime/package';

export const EXAMPLES_DIR = join(__dirname, '..', '..', '..', 'examples');
export const OWNER = {
	email: 'e2e@octopods.local',
	password: 'Octopods-E2e-1',
	firstName: 'End',
	lastName: 'ToEnd',
};


export interface Execution {
	/** Exit code of `n8n execute`: 0 when the workflow succeeded, 1 when a node threw. */
	code: number | null;
	run: Record<string, unknown>;
	/** The json of the items a node returned. */
	items(nodeName: string): Array<Record<string, unknown>>;
	/** The message of the error the run stopped with, if any. */
	errorMessage?: string;
	/** The signal `n8n execute` died of, if it did. */
	signal: NodeJS.Signals | null;
	/** How the command ended and its last output, for failure messages. */
	outcome: string;
}

export interface RealN8n {
	url: string;
	cookie: string;
	runtime: Runtime;
	rest<T>(method: string, path: string, body?: unknown): Promise<T>;
	importWorkflow(workflow: object): Promise<void>;
	execute(workflowId: string): Promise<Execution>;
	/** PIDs of n8n processes of this instance still alive. */
	leftovers(): Promise<number[]>;
	/** Stops n8n and starts it again on the same data and port (active workflows are activated again), signed in again. */
	restart(): Promise<void>;
	/** What n8n wrote to its log (stdout and stderr) so far, across restarts. */
	logText(): string;
	stop(): Promise<void>;
}

function log(message: string): void {
	process.stdout.write(`[e2e] ${message}\n`);
}

/**
 * `n8n execute`'s outcome. n8n's CLI on Node 24 (1.123.81 and 2.41.1 alike) sometimes dies of
 * SIGSEGV while exiting (isolated-vm's teardown), after it printed the finished run: 2 of ~20
 * commands at load 2, 8 of ~60 at load 11. The crash is logged, and the printed run says how it
 * ended, as n8n's own exit code would have: 1 when the run holds an error, else 0. Any other death
 * stays null.
 */
function exitCode(
	workflowId: string,
	code: number | null,
	signal: NodeJS.Signals | null,
	data: { resultData?: { error?: unknown } } | undefined,
): number | null {
	if (code !== null || signal !== 'SIGSEGV' || data?.resultData === undefined) return code;
	log(`n8n execute --id=${workflowId} died of SIGSEGV after printing its finished run; its outcome is read from the run`);
	return data.resultData.error === undefined ? 0 : 1;
}

/**
 * A real n8n (the pinned 2.x unless another release is given) with this package installed as a
 * community package (as a self-hosted user installs it), the given credentials and every example
 * workflow imported, and an owner signed in.
 */
export async function startRealN8n(
	credentials: CredentialImport[],
	{ release = PINNED_N8N }: { release?: N8nRelease } = {},
): Promise<RealN8n> {
	const runtime = await ensureRuntime({ log, release });
	const userFolder = mkdtempSync(join(tmpdir(), 'octopods-e2e-'));
	await installPackage(userFolder, { log });

	await importCredentials(runtime, userFolder, credentials);
	const examples = readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.json'));
	await importWorkflows(runtime, userFolder, EXAMPLES_DIR, examples.length);

	// The links n8n writes (Send and Wait's signed resume URL) name the server's address, also when the
	// CLI (`n8n execute`, a process of its own without the server's port) runs the workflow.
	const port = await freePort();
	const env = { WEBHOOK_URL: `http://127.0.0.1:${port}/` };
	let server = await startN8n({ runtime, userFolder, port, env, log });
	let cookie: string;
	try {
		cookie = await setupOwner(server.url, OWNER);
	} catch (error) {
		// The caller never gets a handle to stop it with: stop it here.
		await server.stop();
		throw error;
	}
	const pgids: number[] = [];
	if (server.process.pid) pgids.push(server.process.pid);

	return {
		url: server.url,
		get cookie() {
			return cookie;
		},
		runtime,
		rest: async <T>(method: string, path: string, body?: unknown) =>
			(await rest(server.url, cookie, method, path, body)) as T,
		async importWorkflow(workflow) {
			const folder = mkdtempSync(join(userFolder, 'workflow-'));
			writeFileSync(join(folder, 'workflow.json'), JSON.stringify(workflow));
			await importWorkflows(runtime, userFolder, folder, 1);
		},
		async execute(workflowId) {
			const result = await n8nCli(runtime, ['execute', `--id=${workflowId}`, '--rawOutput'], { userFolder, env });
			if (result.pid) pgids.push(result.pid);
			const run = parseExecuteOutput(result.stdout);
			const data = run.data as { resultData?: { error?: { message?: string } } } | undefined;
			return {
				code: exitCode(workflowId, result.code, result.signal, data),
				run,
				items: (nodeName: string) => nodeOutput(run, nodeName) as Array<Record<string, unknown>>,
				errorMessage: data?.resultData?.error?.message,
				signal: result.signal,
				outcome: `exit ${result.code ?? result.signal}; stderr: ${result.stderr.trim().split('\n').slice(-10).join('\n')}`,
			};
		},
		leftovers: async () => await findN8nProcesses({ userFolder, pgids }),
		logText: () => readFileSync(server.logFile, 'utf8'),
		async restart() {
			await server.stop();
			server = await startN8n({ runtime, userFolder, port: server.port, env, log });
			if (server.process.pid) pgids.push(server.process.pid);
			cookie = await login(server.url, OWNER);
		},
		async stop() {
			await server.stop();
			rmSync(userFolder, { recursive: true, force: true });
		},
	};
}

/**
 * Fails with how `n8n execute` ended unless the workflow succeeded (exit 0; a SIGSEGV on the way
 * out after a finished run already reads as its outcome, see exitCode).
 */
export function expectSucceeded(execution: Execution): void {
	if (execution.code === 0) return;
	const status = (execution.run as { status?: string }).status;
	throw new Error(`n8n execute did not succeed (run status ${status}): ${execution.outcome}`);
}
