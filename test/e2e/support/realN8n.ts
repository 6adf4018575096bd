import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { ensureRuntime, PINNED_N8N } from '../../../scripts/runtime/provision';
import type { N8nRelease, Runtime } from '../../../scripts/runtime/provision';
import type { CredentialImport } from '../../../scripts/runtime/n8n';
import {
	findN8nProcesses,
	importCredentials,
	importWorkflows,
	n8nCli,
	nodeOutput,
	parseExecuteOutput,
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
	stop(): Promise<void>;
}

function log(message: string): void {
	process.stdout.write(`[e2e] ${message}\n`);
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

	const server = await startN8n({ runtime, userFolder, log });
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
		cookie,
		runtime,
		rest: async <T>(method: string, path: string, body?: unknown) =>
			(await rest(server.url, cookie, method, path, body)) as T,
		async importWorkflow(workflow) {
			const folder = mkdtempSync(join(userFolder, 'workflow-'));
			writeFileSync(join(folder, 'workflow.json'), JSON.stringify(workflow));
			await importWorkflows(runtime, userFolder, folder, 1);
		},
		async execute(workflowId) {
			const result = await n8nCli(runtime, ['execute', `--id=${workflowId}`, '--rawOutput'], { userFolder });
			if (result.pid) pgids.push(result.pid);
			const run = parseExecuteOutput(result.stdout);
			const data = run.data as { resultData?: { error?: { message?: string } } } | undefined;
			return {
				code: result.code,
				run,
				items: (nodeName: string) => nodeOutput(run, nodeName) as Array<Record<string, unknown>>,
				errorMessage: data?.resultData?.error?.message,
				signal: result.signal,
				outcome: `exit ${result.code ?? result.signal}; stderr: ${result.stderr.trim().split('\n').slice(-10).join('\n')}`,
			};
		},
		leftovers: async () => await findN8nProcesses({ userFolder, pgids }),
		async stop() {
			await server.stop();
			rmSync(userFolder, { recursive: true, force: true });
		},
	};
}

/**
 * Fails with how `n8n execute` ended unless the workflow succeeded: exit 0, or a run printed
 * complete with status "success" before the process died of SIGSEGV on its way out. n8n's CLI
 * does that on Node 24 (isolated-vm's teardown), 1.123.81 and 2.41.1 alike, more often on a
 * loaded machine (2 of ~20 commands at load 2, 8 of ~60 at load 11). That crash is logged.
 */
export function expectSucceeded(execution: Execution): void {
	if (execution.code === 0) return;
	const status = (execution.run as { status?: string }).status;
	if (execution.signal === 'SIGSEGV' && status === 'success') {
		log('n8n execute printed a successful run, then died of SIGSEGV on exit (n8n CLI on Node 24)');
		return;
	}
	throw new Error(`n8n execute did not succeed (run status ${status}): ${execution.outcome}`);
}
