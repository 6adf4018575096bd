// `npm run bench`: the throughput and overhead benchmark of issue 6, inside a real n8n 2.41.1 with
// this package installed as a community package, against the Octopods sandbox. Not part of the
// tests: it takes about 6 minutes, most of it sending 1,000 messages at Octopods' real pace.
// `npm run bench -- --quick` sends 200 instead (and shrinks the rest) and only prints: the
// documented figures are those of a full run, which it writes into docs/benchmarks.md.
// Scenario 5 (issue 13) runs the node in n8n queue mode (main + 2 workers, Redis, PostgreSQL);
// `npm run bench -- --queue` runs only it (about 10 minutes) and rewrites only its section.
// Scenario 6 (issues 20, 22) measures the trigger at volume; `npm run bench -- --trigger` runs only
// it (about a minute, no n8n process: see scenarios/triggerVolume.ts) and rewrites only its section.
// Scenario 7 (issue 19) measures the SMS channel's own budget; `npm run bench -- --sms` runs only it
// (about 2 minutes: scenarios/sms.ts) and rewrites its section of docs/sms.md (--quick: prints only).
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '../../sandbox/server';
import { packageRoot } from '../runtime/package';
import { BenchN8n, type BenchCredential } from './benchN8n';
import { BusyWatch, describeMachine, type Machine } from './machine';
import { renderResults, writeIntoDoc, type BenchResults } from './report';
import { burstWorkflows, runBurst } from './scenarios/burst';
import { memoryWorkflows, RequestTap, runMemory } from './scenarios/memory';
import { overheadWorkflows, runOverhead } from './scenarios/overhead';
import { runThroughput, throughputWorkflows } from './scenarios/throughput';
import { CREDENTIAL_IDS } from './workflows';
import { CONCURRENCY, queueRunSpecs, runQueueBench, WORKERS } from '../queue/bench';
import { QUEUE_MARKERS, renderQueue } from '../queue/report';
import { renderTriggerVolume, runTriggerVolume } from './scenarios/triggerVolume';
import { renderSmsBench, runSmsBench, smsBenchSetup, startSmsBenchSandbox } from './scenarios/sms';

const SMS_MARKERS = { begin: '<!-- bench:sms:begin (written by npm run bench -- --sms) -->', end: '<!-- bench:sms:end -->' };
const TRIGGER_MARKERS = { begin: '<!-- bench:trigger:begin (written by npm run bench) -->', end: '<!-- bench:trigger:end -->' };

interface Sizes {
	sends: number;
	events: number;
	overheadItems: number;
	overheadRounds: number;
	memoryItems: number;
}

const FULL: Sizes = { sends: 1000, events: 100, overheadItems: 500, overheadRounds: 5, memoryItems: 10_000 };
const QUICK: Sizes = { sends: 200, events: 100, overheadItems: 500, overheadRounds: 1, memoryItems: 2_000 };
const API_KEY = 'octo-bench-key-4e8b1d6a';

function log(message: string): void {
	process.stdout.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

/** One sandbox per scenario family: each is its own channel (base URL + key), with its own limit. */
interface Sandboxes {
	throughput: Sandbox;
	burst: Sandbox;
	noLimit: Sandbox;
	tap: RequestTap;
}

async function startSandboxes(): Promise<Sandboxes> {
	const tap = new RequestTap();
	return {
		// The documented limit in real time: 55 per 10 s, then a 5-minute cool-down.
		throughput: await startSandbox({ apiKey: `${API_KEY}-throughput` }),
		burst: await startSandbox({ apiKey: `${API_KEY}-burst` }),
		noLimit: await startSandbox({ apiKey: `${API_KEY}-no-limit`, rateLimit: false, onRequest: tap.onRequest }),
		tap,
	};
}

/**
 * The credentials as a user saves them: default limits for the limited scenarios; for the
 * overhead ones the budget raised out of the way (100,000 a second; a window of 0.01 s keeps the
 * limiter's history short), and a Header Auth credential for the HTTP Request node.
 */
function credentials(sandboxes: Sandboxes): BenchCredential[] {
	const octopods = (id: string, sandbox: Sandbox, limits: Record<string, number | boolean> = {}): BenchCredential => ({
		id,
		name: id,
		type: 'octopodsApi',
		data: { apiKey: sandbox.apiKey, baseUrl: sandbox.url, ...limits },
	});
	const noLimit = { customLimits: true, rateLimitRequests: 1000, rateLimitWindowSeconds: 0.01 };
	return [
		octopods(CREDENTIAL_IDS.throughput, sandboxes.throughput),
		octopods(CREDENTIAL_IDS.burst, sandboxes.burst),
		octopods(CREDENTIAL_IDS.noLimit, sandboxes.noLimit, noLimit),
		{ id: CREDENTIAL_IDS.header, name: CREDENTIAL_IDS.header, type: 'httpHeaderAuth', data: { name: 'X-Octopods-Auth', value: sandboxes.noLimit.apiKey } },
	];
}

async function prepare(sizes: Sizes, sandboxes: Sandboxes): Promise<BenchN8n> {
	const n8n = await BenchN8n.create(log);
	await n8n.importCredentials(credentials(sandboxes));
	const noLimitUrl = sandboxes.noLimit.url;
	await n8n.importWorkflows([
		...throughputWorkflows(sizes.sends),
		...burstWorkflows(),
		...overheadWorkflows(sizes.overheadItems, noLimitUrl),
		...memoryWorkflows(sizes.memoryItems, noLimitUrl),
	]);
	return n8n;
}

/** Runs the four scenarios, watching what else the machine does meanwhile. */
async function runScenarios(n8n: BenchN8n, sandboxes: Sandboxes, sizes: Sizes, startedAt: Date, machine: Machine): Promise<BenchResults> {
	const own = { userFolder: n8n.userFolder, groups: n8n.ownGroups };
	const watch = new BusyWatch(own, (line) => log(`warning: another n8n/jest process is running, timings will suffer: ${line}`));
	try {
		log(`1/4 ${sizes.sends} sends in one execution at the real limit (about ${Math.ceil(sizes.sends / 320)} min)`);
		const throughput = await runThroughput(n8n, sandboxes.throughput, sizes.sends);
		log(`2/4 ${sizes.events} webhook executions at once, in n8n start`);
		const burst = await runBurst(n8n, sandboxes.burst, sizes.events);
		log(`3/4 overhead per item, limit off: ${sizes.overheadRounds} round(s) of 3 runs of ${sizes.overheadItems} items`);
		const overhead = await runOverhead(n8n, sandboxes.noLimit, sizes.overheadItems, sizes.overheadRounds, log);
		log(`4/4 memory over ${sizes.memoryItems} items, limit off`);
		const memory = await runMemory(n8n, sandboxes.noLimit, sandboxes.tap, sizes.memoryItems);
		const activity = watch.stop();
		const durationMs = Date.now() - startedAt.getTime();
		return { quick: sizes === QUICK, startedAt, durationMs, machine, activity, throughput, burst, overhead, memory };
	} finally {
		watch.stop();
	}
}

/** Queue-mode events: 200 at once, as issue 13 measured them. */
const QUEUE_EVENTS = 200;

/** Scenario 5: its own cluster; printed, and written into its own section of the doc. */
async function queueScenario(machine: Machine, write: boolean): Promise<void> {
	const startedAt = new Date();
	log(`5 queue mode: ${QUEUE_EVENTS} events through main + 2 workers, 4 runs (about 10 minutes, one waits out a 5-minute cool-down)`);
	const { runs, activity } = await runQueueBench(queueRunSpecs(QUEUE_EVENTS), log);
	const markdown = renderQueue({ startedAt, durationMs: Date.now() - startedAt.getTime(), machine, activity, workers: WORKERS, concurrency: CONCURRENCY, runs });
	process.stdout.write(`\n${markdown}\n\n`);
	if (write) {
		await writeIntoDoc(join(packageRoot(), 'docs', 'benchmarks.md'), markdown, QUEUE_MARKERS);
		log('queue mode: written into docs/benchmarks.md');
	}
}

/** Scenario 6: the trigger's poll at volume, in-process against its own sandbox; printed, and written into its own section. */
async function triggerScenario(machine: Machine, quick: boolean): Promise<void> {
	const startedAt = new Date();
	const sandbox = await startSandbox({ apiKey: `${API_KEY}-trigger`, generation: '2026', timeScale: 0.01, rateLimit: false });
	try {
		const results = await runTriggerVolume(sandbox, log, quick);
		const seconds = ((Date.now() - startedAt.getTime()) / 1000).toFixed(1);
		const stamp = `Run ${startedAt.toISOString()}, ${seconds} s in all. ${machine.cpu}, ${machine.cores} cores; Node ${process.versions.node} (the tests' engine: n8n-core, no n8n process). Code: ${machine.code}.`;
		const markdown = renderTriggerVolume(results, stamp);
		process.stdout.write(`\n${markdown}\n\n`);
		if (!quick) {
			await writeIntoDoc(join(packageRoot(), 'docs', 'benchmarks.md'), markdown, TRIGGER_MARKERS);
			log('trigger at volume: written into docs/benchmarks.md');
		}
	} finally {
		await sandbox.close();
	}
}

/** Scenario 7: the SMS channel's budget, alone and beside WhatsApp's; printed, and written into docs/sms.md. */
async function smsScenario(machine: Machine, quick: boolean): Promise<void> {
	const startedAt = new Date();
	const records = quick ? 100 : 200;
	const sandbox = await startSmsBenchSandbox();
	let n8n: BenchN8n | undefined;
	try {
		n8n = await BenchN8n.create(log);
		const setup = smsBenchSetup(records, sandbox);
		await n8n.importCredentials(setup.credentials);
		await n8n.importWorkflows(setup.workflows);
		const result = await runSmsBench(n8n, sandbox, records, log);
		const seconds = ((Date.now() - startedAt.getTime()) / 1000).toFixed(1);
		const stamp = `Run ${startedAt.toISOString()}, ${seconds} s in all. ${machine.cpu}, ${machine.cores} cores. Code: ${machine.code}.`;
		const markdown = renderSmsBench(result, stamp);
		process.stdout.write(`\n${markdown}\n\n`);
		if (!quick) {
			await writeIntoDoc(join(packageRoot(), 'docs', 'sms.md'), markdown, SMS_MARKERS);
			log('sms: written into docs/sms.md');
		}
	} finally {
		await n8n?.dispose();
		await sandbox.close();
	}
}

async function main(): Promise<void> {
	const quick = process.argv.includes('--quick');
	if (process.argv.includes('--sms')) {
		await smsScenario(describeMachine(packageRoot()), quick);
		return;
	}
	if (process.argv.includes('--queue')) {
		await queueScenario(describeMachine(packageRoot()), true);
		return;
	}
	if (process.argv.includes('--trigger')) {
		await triggerScenario(describeMachine(packageRoot()), quick);
		return;
	}
	const sizes = quick ? QUICK : FULL;
	const startedAt = new Date();
	// Now, while dist/ is what `npm run bench` has just built: the commit and changes it was built from.
	const machine = describeMachine(packageRoot());
	const sandboxes = await startSandboxes();
	let n8n: BenchN8n | undefined;
	try {
		n8n = await prepare(sizes, sandboxes);
		const results = await runScenarios(n8n, sandboxes, sizes, startedAt, machine);
		const markdown = renderResults(results);
		process.stdout.write(`\n${markdown}\n\n`);
		if (quick) {
			log('--quick: figures printed only; docs/benchmarks.md holds those of a full run');
		} else {
			await writeIntoDoc(join(packageRoot(), 'docs', 'benchmarks.md'), markdown);
			log('written into docs/benchmarks.md');
		}
		await n8n.dispose();
		await triggerScenario(machine, quick);
		await queueScenario(machine, !quick);
	} finally {
		await n8n?.dispose();
		await Promise.all([sandboxes.throughput.close(), sandboxes.burst.close(), sandboxes.noLimit.close()]);
	}
}

// Ctrl-C: exit through process.exit, so the exit handlers stop the n8n processes started (they
// run in their own process groups, which the terminal's signal does not reach).
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

main().then(
	() => process.exit(0),
	(error: Error) => {
		process.stderr.write(`[bench] FAILED: ${error.stack ?? error.message}\n`);
		process.exit(1);
	},
);
