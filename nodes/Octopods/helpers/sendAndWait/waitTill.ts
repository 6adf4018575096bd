/** How long the execution waits for an answer: n8n's Limit Wait Time values, checked before sending. */
import { SendAndWaitInputError } from './errors';

export interface LimitWaitTime {
	limitType?: 'afterTimeInterval' | 'atSpecifiedTime';
	resumeAmount?: number;
	resumeUnit?: 'minutes' | 'hours' | 'days';
	maxDateAndTime?: string;
}

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
const FIELD = 'Limit Wait Time';

/** The time the execution resumes without an answer, or undefined when it waits for as long as it takes. */
export function waitTillOf(limit: LimitWaitTime | undefined, now: Date): Date | undefined {
	if (!limit || Object.keys(limit).length === 0) return undefined;
	if ((limit.limitType ?? 'afterTimeInterval') === 'afterTimeInterval') {
		const amount = Number(limit.resumeAmount ?? 1);
		const unit = limit.resumeUnit ?? 'hours';
		if (!Number.isFinite(amount) || amount <= 0 || !(unit in UNIT_MS)) {
			throw new SendAndWaitInputError(`${FIELD}: Amount`, `${FIELD}: Amount must be a number above 0 (got ${String(limit.resumeAmount)})`);
		}
		return new Date(now.getTime() + amount * UNIT_MS[unit]);
	}
	const text = String(limit.maxDateAndTime ?? '').trim();
	const at = new Date(text);
	if (text === '' || Number.isNaN(at.getTime())) {
		throw new SendAndWaitInputError(`${FIELD}: Max Date and Time`, `${FIELD}: Max Date and Time is not a date and time (got "${text}")`);
	}
	if (at.getTime() <= now.getTime()) {
		throw new SendAndWaitInputError(
			`${FIELD}: Max Date and Time`,
			`${FIELD}: Max Date and Time ${at.toISOString()} has already passed, so no one could answer`,
		);
	}
	return at;
}
