import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { ensureRuntime } from '../../../scripts/runtime/provision';
import type { Runtime } from '../../../scripts/runtime/provision';
import type { CredentialImport } from '../../../scripts/runtime/n8n';
import {
	findN8nProcesses,
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
	stop(): Promise<void>;
}

function log(message: string): void {
	process.stdout.write(`[e2e] ${message}\n`);
}


/**
 * A real n8n 2.x with this package installed as a community package (as a self-hosted user
 * installs it), the given credentials and every example workflow imported, and an owner signed in.
 */
export async function startRealN8n(credentials: CredentialImport[]): Promise<RealN8n> {
	const runtime = await ensureRuntime({ log });
	const userFolder = mkdtempSync(join(tmpdir(), 'octopods-e2e-'));
	await installPackage(userFolder, { log });

	await importCredentials(runtime, userFolder, credentials);
	const examples = readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.json'));
	await importWorkflows(runtime, userFolder, EXAMPLES_DIR, examples.length);

	let server = await startN8n({ runtime, userFolder, log });
	let cookie = await setupOwner(server.url, OWNER);
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
			const result = await n8nCli(runtime, ['execute', `--id=${workflowId}`, '--rawOutput'], { userFolder });
			if (result.pid) pgids.push(result.pid);
			const run = parseExecuteOutput(result.stdout);
			const data = run.data as { resultData?: { error?: { message?: string } } } | undefined;
			return {
				code: result.code,
				run,
				items: (nodeName: string) => nodeOutput(run, nodeName) as Array<Record<string, unknown>>,
				errorMessage: data?.resultData?.error?.message,
			};
		},
		leftovers: async () => await findN8nProcesses({ userFolder, pgids }),
		async restart() {
			await server.stop();
			server = await startN8n({ runtime, userFolder, port: server.port, log });
			if (server.process.pid) pgids.push(server.process.pid);
			cookie = await login(server.url, OWNER);
		},
		async stop() {
			await server.stop();
			rmSync(userFolder, { recursive: true, force: true });
		},
	};
}
