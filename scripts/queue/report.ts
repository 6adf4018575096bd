// The queue-mode figures as Markdown, written into docs/benchmarks.md between their own markers
// (a `--queue` run rewrites only these; a full `npm run bench` both sections).
import { DEFAULT_RATE_LIMIT } from '../../sandbox/server';
import type { Machine, MachineActivity } from '../bench/machine';
import { activityLine, table } from '../bench/report';
import type { QueueRun } from './scenarios';

export const QUEUE_MARKERS = {
	begin: '<!-- bench:queue:begin (written by npm run bench) -->',
	end: '<!-- bench:queue:end -->',
};

export interface QueueReport {
	startedAt: Date;
	durationMs: number;
	machine: Machine;
	activity: MachineActivity;
	workers: number;
	concurrency: number;
	runs: QueueRun[];
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** What Octopods' documented limit allows for `sends` at best: 55 per 10 s. */
export function limitMinimumMs(sends: number): number {
	return (sends / DEFAULT_RATE_LIMIT.requests) * DEFAULT_RATE_LIMIT.windowMs;
}

function spreadOf(run: QueueRun): string {
	const what = run.spread === 'batch' ? `1 webhook call, ${run.records} records` : `${run.records} webhook calls`;
	return `${what}; executions per worker ${run.perWorker.join(' / ')}`;
}

function row(run: QueueRun): string[] {
	const failedExecutions = run.executions - run.succeeded;
	const sent = `**${run.count.distinct}/${run.records}**${failedExecutions ? ` (${failedExecutions} executions failed)` : ''}`;
	const kept = run.keptRequests.map((values) => (values.length ? values.join(', then ') : '-')).join(' / ');
	const pace =
		run.rateBefore !== undefined && run.rateAfter !== undefined
			? `${run.rateBefore.toFixed(1)}/s before, ${run.rateAfter.toFixed(1)}/s after; workers kept ${kept} per 10 s`
			: '';
	return [
		run.processes === undefined ? 'unset (default 1)' : String(run.processes),
		spreadOf(run),
		sent,
		`**${run.count.refused429}**`,
		`**${run.count.duplicates}**`,
		String(run.cooldowns.length),
		pace,
		`**${seconds(run.drainMs)}** (limit: ${seconds(limitMinimumMs(run.records))})`,
	];
}

export function renderQueue(report: QueueReport): string {
	const { machine } = report;
	const header = ['Processes Sharing This Key', 'Work', 'Sent', '429s', 'Duplicates', 'Cool-downs', 'Sends/s around the cool-down', 'Drain'];
	return [
		`**5. Queue mode**: n8n ${machine.n8n} main + ${report.workers} workers (\`n8n worker --concurrency=${report.concurrency}\`), ` +
			'Redis and PostgreSQL, the sandbox with Octopods\' limit in real time (55 per 10 s, 5-minute cool-down), each run on its own API key.',
		'',
		...table(header, report.runs.map(row)),
		'',
		'Sent: distinct records the sandbox accepted. Drain: from the first webhook call to the last accepted send; ' +
			'limit: what 55 requests per 10 s allow for the sends alone. Sends/s: accepted sends per second before the first ' +
			'cool-down and after the last one ended, and the budget each worker said it kept after a cool-down others caused (its log).',
		'',
		`Run ${report.startedAt.toISOString()}, ${seconds(report.durationMs)} in all. ${machine.cpu}, ${machine.cores} cores, ` +
			`${machine.memoryGiB.toFixed(0)} GiB; Node ${machine.node}; Redis, PostgreSQL, sandbox and n8n on the same machine. Code: ${machine.code}.`,
		activityLine(report),
	].join('\n');
}
