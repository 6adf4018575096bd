/**
 * Waiting for a message to reach a status: which statuses count, and the polling loop. Pure logic
 * over injected `check` and clock, so it is unit-tested without HTTP or real time.
 */

import type { MessageStatusValue } from '../transport/types';

/** Option values of Get Status > Wait for Status (a public contract: saved workflows hold them). */
export type StatusTarget = 'none' | 'delivered' | 'read' | 'final';

export const STATUS_TARGETS: readonly StatusTarget[] = ['none', 'delivered', 'read', 'final'];

/** WhatsApp statuses after which nothing changes any more (also the trigger's: statusPoll.ts). */
export const FINAL_STATUSES: readonly MessageStatusValue[] = ['READ', 'FAILED', 'DELETED'];

/** Which statuses end a wait: each channel's own (WhatsApp's here, SMS's in smsStatus.ts). */
export interface StatusRules {
	/** Statuses that no longer change (Final Status). */
	final: readonly string[];
	/** Statuses from which the message can never be delivered: waiting stops early. */
	dead: readonly string[];
	/** Statuses that count as delivered. */
	delivered: readonly string[];
	/** Statuses that count as read (none where the channel has no read receipts). */
	read: readonly string[];
}

const WHATSAPP_RULES: StatusRules = {
	final: FINAL_STATUSES,
	dead: ['FAILED', 'DELETED'],
	delivered: ['DELIVERED', 'READ'],
	read: ['READ'],
};

export function isStatusTarget(value: unknown): value is StatusTarget {
	return typeof value === 'string' && (STATUS_TARGETS as readonly string[]).includes(value);
}

export function targetReached(target: StatusTarget, status: string, rules: StatusRules = WHATSAPP_RULES): boolean {
	return target === 'none' || rules[target].includes(String(status).toUpperCase());
}

/** Whether waiting longer is pointless: the target was reached, or the message failed or was deleted. */
export function waitIsOver(target: StatusTarget, status: string, rules: StatusRules = WHATSAPP_RULES): boolean {
	return targetReached(target, status, rules) || rules.dead.includes(String(status).toUpperCase());
}

export interface WaitClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export interface StatusWaitOptions {
	target: StatusTarget;
	/** Checking stops after this long; the last check is made at the limit. */
	maxWaitMs: number;
	intervalMs: number;
	/** The channel's statuses; WhatsApp's when left out. */
	rules?: StatusRules;
}

export interface StatusWaitResult<S> {
	status: S;
	waitedMs: number;
	reached: boolean;
	checks: number;
}

/** Checks, then checks again every `intervalMs` until the wait is over or `maxWaitMs` has passed. */
export async function waitForStatus<S extends { status: string }>(
	check: () => Promise<S>,
	options: StatusWaitOptions,
	clock: WaitClock,
): Promise<StatusWaitResult<S>> {
	const start = clock.now();
	const deadline = start + Math.max(0, options.maxWaitMs);
	let status = await check();
	let checks = 1;
	while (!waitIsOver(options.target, status.status, options.rules)) {
		const remaining = deadline - clock.now();
		if (remaining <= 0) break;
		await clock.sleep(Math.min(options.intervalMs, remaining));
		status = await check();
		checks++;
	}
	return {
		status,
		waitedMs: clock.now() - start,
		reached: targetReached(options.target, status.status, options.rules),
		checks,
	};
}
