// Scenario 6 (issues 20 and 22): the Octopods Trigger at volume. The trigger's own poll, run through
// n8n-core's PollContext (the engine tests' harness, test/support/pollEngine.ts) against the
// sandbox, poll after poll. What is measured is counted in polls, not seconds: how many sends per
// poll interval it follows without missing an event, and how many polls late a failure among
// messages that left the newest-100 list is reported. Polls run back to back here; with n8n's
// shortest interval (1 minute) a poll is a minute.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MAX_FOLLOWED } from '../../../nodes/Octopods/helpers/statusPoll';
import type { Sandbox } from '../../../sandbox/server';
import { activateTrigger, type ActiveTrigger } from '../../../test/support/pollEngine';

/** The node's default Follow-Ups per Poll (OctopodsTrigger.node.ts). */
export const DEFAULT_FOLLOW_UPS = 20;
/** Octopods' limit: a poll's requests take this long of the channel's budget. */
const SECONDS_PER_REQUEST = 10.25 / 55;

export interface MixRow {
	sendsPerPoll: number;
	failing: number;
	reported: number;
	/** Executions flagged messages_may_be_missed (and log lines saying so). */
	flaggedPolls: number;
}

export interface FollowRow {
	sendsPerPoll: number;
	followUpsPerPoll: number;
	failing: number;
	reported: number;
	/** Polls from the failure to its report, for the failures reported. */
	maxLatePolls: number;
	meanLatePolls: number;
	peakFollowed: number;
	/** Followed messages dropped to stay within MAX_FOLLOWED (never checked again). */
	dropped: number;
	/** Seconds of the channel's budget (55 requests per 10 s) one poll with a full follow-up round takes. */
	budgetSeconds: number;
}

export interface TriggerVolumeResults {
	mix: MixRow[];
	follow: FollowRow[];
	intervals: number;
	maxFollowed: number;
}

const phone = (n: number, ending: string) => `+3538${String(n % 10_000).padStart(4, '0')}${ending}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends straight to the sandbox, as other workflows would; their message IDs, in order. */
async function send(sandbox: Sandbox, phones: string[]): Promise<number[]> {
	const ids: number[] = [];
	for (const to of phones) {
		const reply = await fetch(`${sandbox.url}/api/v1/whatsapp/templates/544/messages`, {
			method: 'POST',
			headers: { 'X-Octopods-Auth': sandbox.apiKey, 'Content-Type': 'application/json' },
			body: JSON.stringify({ destination_phone: to }),
		});
		ids.push(((await reply.json()) as { message_id: number }).message_id);
	}
	return ids;
}

const failedIds = (trigger: ActiveTrigger) =>
	trigger.executions.flat().filter((item) => item.json.event === 'failed').map((item) => Number(item.json.message_id));

/**
 * Typical traffic: each interval S sends, 1 in 10 failing within seconds, the others delivered;
 * one poll per interval. A failure is missed only when its message was sent and pushed out of the
 * newest 100 between two polls.
 */
async function mixRun(sandbox: Sandbox, credentials: Record<string, unknown>, sendsPerPoll: number, intervals: number): Promise<MixRow> {
	sandbox.reset();
	const trigger = activateTrigger(credentials as never, { events: ['failed'] });
	await trigger.poll();
	let failing = 0;
	let counter = 0;
	for (let interval = 0; interval < intervals; interval++) {
		const phones = Array.from({ length: sendsPerPoll }, () => {
			counter++;
			if (counter % 10 === 0) failing++;
			return phone(counter, counter % 10 === 0 ? '999' : '001');
		});
		await send(sandbox, phones);
		await sleep(100); // statuses settle (2 s of Octopods' time at this scale)
		await trigger.poll();
	}
	const flagged = trigger.logs.filter((line) => /may have been missed/.test(line.message)).length;
	return { sendsPerPoll, failing, reported: failedIds(trigger).length, flaggedPolls: flagged };
}

/**
 * The worst case for follow-ups: every message is still SENT when it leaves the list. S sends per
 * interval for `intervals` polls, then 1 in 10 of all of them fails at once (after they left the
 * list); polls go on until every failure is reported or cannot be any more.
 */
async function followRun(
	sandbox: Sandbox,
	credentials: Record<string, unknown>,
	sendsPerPoll: number,
	followUpsPerPoll: number,
	intervals: number,
): Promise<FollowRow> {
	sandbox.reset();
	const trigger = activateTrigger(credentials as never, { events: ['failed'], options: { followUpsPerPoll } });
	await trigger.poll();
	const sent: number[] = [];
	let counter = 0;
	let peakFollowed = 0;
	const followed = () => ((trigger.state()?.following as unknown[] | undefined) ?? []).length;
	for (let interval = 0; interval < intervals; interval++) {
		const phones = Array.from({ length: sendsPerPoll }, () => phone(++counter, '555'));
		sent.push(...(await send(sandbox, phones)));
		await trigger.poll();
		peakFollowed = Math.max(peakFollowed, followed());
	}
	// One more interval of sends pushes the last batch out of the list too.
	sent.push(...(await send(sandbox, Array.from({ length: 100 }, () => phone(++counter, '555')))));
	const failing = sent.slice(0, sent.length - 100).filter((_, index) => index % 10 === 9);
	sandbox.setStatus({ ids: failing, status: 'FAILED' });
	const reportedAt = new Map<number, number>();
	const pollsMax = Math.ceil(MAX_FOLLOWED / Math.max(1, followUpsPerPoll)) + 5;
	for (let poll = 1; poll <= pollsMax && reportedAt.size < failing.length; poll++) {
		await trigger.poll();
		peakFollowed = Math.max(peakFollowed, followed());
		for (const id of failedIds(trigger)) if (!reportedAt.has(id)) reportedAt.set(id, poll);
		if (followed() === 0) break;
	}
	const late = [...reportedAt.values()];
	const dropped = trigger.logs
		.map((line) => /^Octopods Trigger: (\d+) older messages without a final status are no longer followed/.exec(line.message))
		.reduce((sum, match) => sum + (match ? Number(match[1]) : 0), 0);
	return {
		sendsPerPoll,
		followUpsPerPoll,
		failing: failing.length,
		reported: reportedAt.size,
		maxLatePolls: late.length > 0 ? Math.max(...late) : 0,
		meanLatePolls: late.length > 0 ? late.reduce((a, b) => a + b, 0) / late.length : 0,
		peakFollowed,
		dropped,
		budgetSeconds: (1 + followUpsPerPoll) * SECONDS_PER_REQUEST,
	};
}

export async function runTriggerVolume(sandbox: Sandbox, log: (message: string) => void, quick: boolean): Promise<TriggerVolumeResults> {
	// n8n-core keeps its instance settings (an encryption key) in the user folder: a throwaway one, as the tests do.
	const userFolder = process.env.N8N_USER_FOLDER === undefined ? mkdtempSync(join(tmpdir(), 'octopods-bench-trigger-')) : undefined;
	if (userFolder !== undefined) process.env.N8N_USER_FOLDER = userFolder;
	try {
		return await measure(sandbox, log, quick);
	} finally {
		if (userFolder !== undefined) rmSync(userFolder, { recursive: true, force: true });
	}
}

async function measure(sandbox: Sandbox, log: (message: string) => void, quick: boolean): Promise<TriggerVolumeResults> {
	// Statuses at 1/100 of Octopods' time; the node's budget out of the way (counted in polls here).
	const credentials = { apiKey: sandbox.apiKey, baseUrl: sandbox.url, customLimits: true, rateLimitRequests: 1000, rateLimitWindowSeconds: 0.01 };
	const intervals = quick ? 4 : 8;
	const mix: MixRow[] = [];
	for (const sendsPerPoll of [50, 100, 101, 150, 250]) {
		log(`6 trigger: ${sendsPerPoll} sends per poll interval, ${intervals} intervals, 1 in 10 failing`);
		mix.push(await mixRun(sandbox, credentials, sendsPerPoll, intervals));
	}
	const follow: FollowRow[] = [];
	const cases: Array<[number, number]> = quick
		? [
				[100, DEFAULT_FOLLOW_UPS],
				[100, 100],
			]
		: [
				[20, DEFAULT_FOLLOW_UPS],
				[50, DEFAULT_FOLLOW_UPS],
				[100, DEFAULT_FOLLOW_UPS],
				[50, 50],
				[100, 100],
			];
	for (const [sendsPerPoll, followUps] of cases) {
		log(`6 trigger: every message unfinished when it leaves the list, ${sendsPerPoll} sends per poll, Follow-Ups per Poll ${followUps}`);
		follow.push(await followRun(sandbox, credentials, sendsPerPoll, followUps, intervals));
	}
	return { mix, follow, intervals, maxFollowed: MAX_FOLLOWED };
}

export function renderTriggerVolume(results: TriggerVolumeResults, stamp: string): string {
	const lines = [
		`**6. The Octopods Trigger at volume** (event Message Failed; ${results.intervals} poll intervals per row; the trigger's poll run through n8n-core's PollContext against the sandbox, polls back to back: with n8n's shortest interval a poll is a minute).`,
		'',
		'Typical traffic: each interval S sends, 1 in 10 failing within seconds, the others delivered.',
		'',
		'| Sends per poll interval | Failures | Reported | Missed | Polls that said messages may be missed |',
		'| --- | --- | --- | --- | --- |',
		...results.mix.map(
			(row) =>
				`| ${row.sendsPerPoll} | ${row.failing} | **${row.reported}** | **${row.failing - row.reported}** | ${row.flaggedPolls} |`,
		),
		'',
		`Worst case for follow-ups: every message still SENT when it leaves the newest-100 list; 1 in 10 of them fails after it left. At most ${results.maxFollowed} messages are followed.`,
		'',
		'| Sends per poll interval | Follow-Ups per Poll | Failures | Reported | Polls late (max / mean) | Peak followed | Dropped unchecked | Budget per poll at 55/10 s |',
		'| --- | --- | --- | --- | --- | --- | --- | --- |',
		...results.follow.map(
			(row) =>
				`| ${row.sendsPerPoll} | ${row.followUpsPerPoll} | ${row.failing} | **${row.reported}** | **${row.maxLatePolls}** / ${row.meanLatePolls.toFixed(1)} | ${row.peakFollowed} | ${row.dropped} | ${row.budgetSeconds.toFixed(1)} s |`,
		),
		'',
		stamp,
	];
	return lines.join('\n');
}
