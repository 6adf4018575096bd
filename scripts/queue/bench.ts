// Scenario 5 of `npm run bench`: the queue-mode runs, on one cluster (main + 2 workers) for all.
import { dirname } from 'node:path';

import { BusyWatch, type MachineActivity } from '../bench/machine';
import { QueueCluster } from './cluster';
import { runQueueScenario, type QueueRun, type QueueRunSpec } from './scenarios';

export const WORKERS = 2;
/** n8n's default for `n8n worker`. */
export const CONCURRENCY = 10;

/**
 * The runs, the one with a cool-down last (over 5 minutes): the budget split, with the work spread
 * over both workers (one execution per event) and all on one worker (a batch in one execution),
 * then the credential's defaults both ways.
 */
export function queueRunSpecs(records: number): QueueRunSpec[] {
	return [
		{ name: 'split-events', processes: WORKERS, spread: 'events', records },
		{ name: 'split-batch', processes: WORKERS, spread: 'batch', records },
		{ name: 'default-batch', spread: 'batch', records },
		{ name: 'default-events', spread: 'events', records },
	];
}

export interface QueueBenchResult {
	runs: QueueRun[];
	/** What other processes did while the runs ran (the cluster's start-up excluded). */
	activity: MachineActivity;
}

export async function runQueueBench(specs: QueueRunSpec[], log: (message: string) => void): Promise<QueueBenchResult> {
	const groups = new Set<number>();
	const cluster = await QueueCluster.start({ workers: WORKERS, concurrency: CONCURRENCY, log, groups });
	const watch = new BusyWatch({ userFolder: dirname(cluster.main.logFile), groups }, (line) =>
		log(`warning: another n8n/jest process is running, timings will suffer: ${line}`),
	);
	try {
		const runs: QueueRun[] = [];
		for (const spec of specs) {
			log(`queue: ${spec.name}: ${spec.records} records, Processes Sharing This Key ${spec.processes ?? 'unset (1)'}`);
			const run = await runQueueScenario(cluster, spec, log);
			log(
				`queue: ${spec.name}: sent ${run.count.distinct}, 429s ${run.count.refused429}, duplicates ${run.count.duplicates}, ` +
					`drain ${(run.drainMs / 1000).toFixed(1)} s, succeeded ${run.succeeded}/${run.executions}, ` +
					`per worker ${run.perWorker.join('/')}, cool-downs ${run.cooldowns.length}`,
			);
			runs.push(run);
		}
		return { runs, activity: watch.stop() };
	} finally {
		watch.stop();
		await cluster.stop();
	}
}
