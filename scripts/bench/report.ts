// The benchmark's figures as Markdown: a summary table against the issue's targets, the details
// behind each line, and the machine. Printed, and (full runs only) written into docs/benchmarks.md
// between two markers, so the hand-written explanation around them stays.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

import { DEPARTURE_MARGIN } from '../../nodes/Octopods/transport/rateLimiter';
import { DEFAULT_RATE_LIMIT } from '../../sandbox/server';
import type { Machine, MachineActivity } from './machine';
import type { BurstResult } from './scenarios/burst';
import { MEMORY_LABELS, type MemoryResult, type MemoryRun, type MemoryVariant } from './scenarios/memory';
import { OVERHEAD_LABELS, type OverheadResult, type OverheadVariant } from './scenarios/overhead';
import { CEILING_PER_MINUTE, type ThroughputResult } from './scenarios/throughput';

export const BEGIN_MARKER = '<!-- bench:results:begin (written by npm run bench) -->';
export const END_MARKER = '<!-- bench:results:end -->';

/** The issue's targets. "About 20 s" for the burst is read as at most 10 % over 20 s. */
export const TARGETS = { percentOfCeiling: 97, drainMs: 22_000, overheadRatio: 1 };

export interface BenchResults {
	quick: boolean;
	startedAt: Date;
	durationMs: number;
	machine: Machine;
	/** What other processes did meanwhile. */
	activity: MachineActivity;
	throughput: ThroughputResult;
	burst: BurstResult;
	overhead: OverheadResult;
	memory: MemoryResult;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number): string => `${int(bytes / 1024 ** 2)} MiB`;
const verdict = (met: boolean): string => (met ? 'met' : '**missed**');

/** How long the node's pacing needs for `requests` requests: one departure per spacing, none at once. */
export function pacingFloorMs(requests: number): number {
	const spacing = (DEFAULT_RATE_LIMIT.windowMs * (1 + DEPARTURE_MARGIN)) / DEFAULT_RATE_LIMIT.requests;
	return (requests - 1) * spacing;
}

/** Resident memory added per item between the first and the last checkpoint (10 % and 100 % of the sends). */
export function growthPerItem(run: MemoryRun): number {
	const first = run.checkpoints[0];
	const last = run.checkpoints[run.checkpoints.length - 1];
	if (!first || !last || last.sends === first.sends) return NaN;
	return (last.rssBytes - first.rssBytes) / (last.sends - first.sends);
}

type Row = [scenario: string, measure: string, measured: string, target: string, verdict: string];

const RATIO_TARGET = `<= ${TARGETS.overheadRatio.toFixed(1)}`;

function throughputRows({ throughput: t }: BenchResults): Row[] {
	const rate = `${t.sendsPerMinute.toFixed(1)}/min = **${t.percentOfCeiling.toFixed(1)} %** of ${CEILING_PER_MINUTE}/min`;
	const duplicates = `**${t.count.duplicates}** (${int(t.count.accepted)} accepted, ${int(t.count.distinct)} distinct)`;
	return [
		[`1. ${int(t.records)} sends, one execution`, 'rate', rate, `>= ${TARGETS.percentOfCeiling} %`, verdict(t.percentOfCeiling >= TARGETS.percentOfCeiling)],
		['', '429s', `**${t.count.refused429}**`, '0', verdict(t.count.refused429 === 0)],
		['', 'duplicates', duplicates, '0', verdict(t.count.duplicates === 0)],
	];
}

function burstRows({ burst: b }: BenchResults): Row[] {
	const sent = `**${b.count.distinct}/${b.events}** sent; ${b.succeeded} executions succeeded`;
	const drain = `**${seconds(b.drainMs)}** (pacing alone: ${seconds(pacingFloorMs(b.count.requests - b.count.refused429))})`;
	return [
		[`2. ${int(b.events)} webhook executions at once`, 'all sent', sent, 'all', verdict(b.count.distinct === b.events && b.succeeded === b.events)],
		['', '429s', `**${b.count.refused429}**`, '0', verdict(b.count.refused429 === 0)],
		['', 'time to drain', drain, 'about 20 s', verdict(b.drainMs <= TARGETS.drainMs)],
	];
}

/** "4.39 ms vs 3.79 ms: **1.158**", and whether the ratio meets the target. */
function versus(ours: number, theirs: number): [string, string] {
	const ratio = ours / theirs;
	// Three decimals, so that a ratio just over the target does not read as 1.00 next to "missed".
	return [`${ours.toFixed(2)} ms vs ${theirs.toFixed(2)} ms: **${ratio.toFixed(3)}**`, verdict(ratio <= TARGETS.overheadRatio)];
}

function overheadRows({ overhead: o, memory: m }: BenchResults): Row[] {
	const [parallel, parallelMet] = versus(o.msPerItem.octopods, o.msPerItem.httpRequest);
	const [serial, serialMet] = versus(o.msPerItem.octopodsOneAtATime, o.msPerItem.httpRequest);
	// Scenario 4's runs time the same two nodes over many more items: how the ratio holds in a big batch.
	const [large, largeMet] = versus(m.octopods.nodeMs / m.octopods.items, m.httpRequest.nodeMs / m.httpRequest.items);
	return [
		[`3. Overhead per item, limit off, ${int(o.items)} items`, 'Octopods (Items in Parallel 5, default) / HTTP Request', parallel, RATIO_TARGET, parallelMet],
		['', 'Octopods (Items in Parallel 1) / HTTP Request', serial, RATIO_TARGET, serialMet],
		['', `Octopods (default) / HTTP Request at ${int(m.octopods.items)} items (the runs of 4)`, large, RATIO_TARGET, largeMet],
	];
}

function memoryRows({ memory: m }: BenchResults): Row[] {
	const growth = (run: MemoryRun) => `${int(growthPerItem(run) / 1024)} KiB`;
	const checkpoints = m.octopods.checkpoints;
	const span = `${int(checkpoints[0]?.sends ?? NaN)} to ${int(checkpoints[checkpoints.length - 1]?.sends ?? NaN)} sends`;
	const peak = `**${mib(m.octopods.peakBytes)}** (HTTP Request: ${mib(m.httpRequest.peakBytes)})`;
	return [
		[`4. Memory, ${int(m.octopods.items)} items, limit off`, 'peak RSS of the n8n process', peak, 'flat: <= HTTP Request', verdict(m.octopods.peakBytes <= m.httpRequest.peakBytes)],
		['', `RSS growth per item, ${span}`, `${growth(m.octopods)} (HTTP Request: ${growth(m.httpRequest)})`, '', ''],
	];
}

function summaryRows(results: BenchResults): Row[] {
	return [...throughputRows(results), ...burstRows(results), ...overheadRows(results), ...memoryRows(results)];
}

export function table(header: string[], rows: string[][]): string[] {
	return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

function throughputDetails({ throughput: t }: BenchResults): string[] {
	return [
		`**1.** ${int(t.records)} items into one Send Template node (default settings). The sandbox received ` +
			`${int(t.count.requests)} requests (1 template look-up, ${int(t.count.accepted)} sends); from the first request ` +
			`to the last accepted send: ${seconds(t.count.lastSendAt - t.count.firstAt)}. The node ran ${seconds(t.nodeMs)} ` +
			`(n8n's measure) and returned ${int(t.itemsOut)} items.`,
	];
}

function burstDetails({ burst: b }: BenchResults): string[] {
	return [
		`**2.** ${b.events} POSTs to the production webhook URL, started together; n8n answered ${b.acknowledged} with 200. ` +
			`The sandbox received ${b.count.requests} requests (${b.count.accepted} accepted sends, ${b.count.distinct} distinct ` +
			`events, ${b.count.duplicates} duplicates). Drain: from the first webhook call to the last accepted send.`,
	];
}

function overheadDetails({ overhead: o }: BenchResults): string[] {
	const rows = (Object.keys(o.runs) as OverheadVariant[]).map((variant) => [
		OVERHEAD_LABELS[variant],
		`${o.msPerItem[variant].toFixed(3)} ms`,
		o.runs[variant].map((ms) => ms.toFixed(3)).join(', '),
	]);
	return [
		`**3.** Each run: a fresh \`n8n execute\` with ${int(o.items)} items; n8n's own measure of the node's run ` +
			'(executionTime) divided by the items. Median of the runs, which alternated between the variants.',
		'',
		...table(['Node', 'ms per item (median)', 'runs (ms per item)'], rows),
	];
}

function memoryDetails({ memory: m }: BenchResults): string[] {
	const variants = Object.keys(m) as MemoryVariant[];
	const checkpoints = m.octopods.checkpoints.map((checkpoint) => `at ${int(checkpoint.sends)} sends`);
	const rows = variants.map((variant) => {
		const run = m[variant];
		const cells = run.checkpoints.map((checkpoint) => mib(checkpoint.rssBytes));
		const growth = `${int(growthPerItem(run) / 1024)} KiB`;
		return [MEMORY_LABELS[variant], mib(run.atStartBytes), ...cells, mib(run.peakBytes), growth, seconds(run.nodeMs)];
	});
	return [
		`**4.** Resident memory (VmRSS) of the \`n8n execute\` process running ${int(m.octopods.items)} items, read from ` +
			'/proc when the sandbox received the node\'s first request and the sends named; peak is VmHWM (it includes n8n ' +
			'printing the finished run). The Code node making the items runs in n8n\'s task runner, a separate process.',
		'',
		...table(['Node', 'at first request', ...checkpoints, 'peak', 'growth per item', 'node run'], rows),
	];
}

/** "jest ×1 (e.g. `…`), n8n ×15 (e.g. `…`)": a test run starts dozens of processes; one line will do. */
function summariseOthers(lines: string[]): string {
	const kinds = new Map<string, string[]>();
	for (const line of lines) {
		const command = line.slice(line.indexOf(' ') + 1);
		const kind = /jest/.test(command) ? 'jest' : /task-runner|disallow-code-generation/.test(command) ? 'n8n task runner' : 'n8n';
		kinds.set(kind, [...(kinds.get(kind) ?? []), command]);
	}
	return [...kinds].map(([kind, commands]) => `${kind} ×${commands.length} (e.g. \`${commands[0].slice(0, 80)}\`)`).join(', ');
}

export function activityLine({ activity, durationMs, machine }: Pick<BenchResults, 'activity' | 'durationMs' | 'machine'>): string {
	const available = (durationMs / 1000) * machine.cores;
	const cpu = `Other processes used ${activity.otherCpuSeconds.toFixed(1)} s of CPU while it ran (${((activity.otherCpuSeconds / available) * 100).toFixed(1)} % of the ${machine.cores} cores)`;
	const busiest = activity.busiest.map((entry) => `\`${entry.command}\` ${entry.seconds.toFixed(1)} s`).join(', ');
	const competitors = activity.competitors.length
		? `**Other n8n/jest processes were running**: ${summariseOthers(activity.competitors)}; the timings are slower than on a quiet machine.`
		: 'No other n8n or jest process was running (checked every 5 s).';
	return `${cpu}${busiest ? `; busiest: ${busiest}` : ''}. ${competitors}`;
}

function machineDetails(results: BenchResults): string[] {
	const { machine } = results;
	return [
		`Run ${results.startedAt.toISOString()}, ${seconds(results.durationMs)} in all${results.quick ? ' (--quick)' : ''}. ` +
			`${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB.toFixed(0)} GiB, ${machine.kernel}; ` +
			`Node ${machine.node}, n8n ${machine.n8n}; sandbox and n8n on the same machine (127.0.0.1). Code: ${machine.code}.`,
		activityLine(results),
	];
}

export function renderResults(results: BenchResults): string {
	return [
		...table(['Scenario', 'Measure', 'Measured', 'Target', ''], summaryRows(results)),
		'',
		...throughputDetails(results),
		'',
		...burstDetails(results),
		'',
		...overheadDetails(results),
		'',
		...memoryDetails(results),
		'',
		...machineDetails(results),
	].join('\n');
}

/** Replaces what lies between the markers in the doc (the doc must have them). */
export async function writeIntoDoc(docFile: string, markdown: string, markers = { begin: BEGIN_MARKER, end: END_MARKER }): Promise<void> {
	const doc = existsSync(docFile) ? await readFile(docFile, 'utf8') : '';
	const begin = doc.indexOf(markers.begin);
	const end = doc.indexOf(markers.end);
	if (begin === -1 || end < begin) throw new Error(`${docFile} lacks the markers ${markers.begin} ... ${markers.end}`);
	const updated = `${doc.slice(0, begin + markers.begin.length)}\n${markdown}\n${doc.slice(end)}`;
	await writeFile(docFile, updated);
}
