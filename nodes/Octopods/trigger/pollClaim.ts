/**
 * A poll's claim in the trigger's static data: n8n starts the next poll on schedule even while the
 * last one still waits, and both would report the same change. Not tied to what a poll reads, so
 * every list the trigger polls shares it.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

/**
 * A claim older than this belongs to a poll that can no longer be running (a poll waits at most
 * 30 s for a rate-limit turn per request, its requests time out, and it stops following up after
 * its budget): the next poll takes over.
 */
export const CLAIM_EXPIRES_MS = 10 * 60_000;

interface StoredClaim {
	at?: unknown;
	activation?: unknown;
	token?: unknown;
}

/** Each poll context's activation ID (n8n makes one poll context per activation). */
const activationIds = new WeakMap<IPollFunctions, string>();
let counter = 0;

function uniqueId(): string {
	return `${Date.now().toString(36)}-${(++counter).toString(36)}`;
}

function activationOf(context: IPollFunctions): string {
	let id = activationIds.get(context);
	if (id === undefined) {
		id = uniqueId();
		activationIds.set(context, id);
	}
	return id;
}

/** What a poll finds when it tries to claim: its claim, or the age of the running poll's. */
export type ClaimAttempt = { claim: PollClaim } | { heldForMs: number };

export class PollClaim {
	private constructor(
		private readonly staticData: IDataObject,
		private readonly key: string,
		private readonly token: string,
	) {}

	/**
	 * Takes the claim unless another poll of this activation holds one younger than CLAIM_EXPIRES_MS.
	 * Synchronous, before any await: the static data object is the same for every poll of one
	 * activation, so the second poll sees the first one's claim. A claim names its activation, so one
	 * that reached the database (a save in flight as a poll began) cannot hold up the polls after a
	 * restart; it carries a token of its own poll, so a poll only ever releases its own claim.
	 */
	static take(context: IPollFunctions, staticData: IDataObject, key: string, now: number): ClaimAttempt {
		const activation = activationOf(context);
		const held = staticData[key] as StoredClaim | undefined;
		const at = typeof held?.at === 'number' && held.activation === activation ? held.at : undefined;
		if (at !== undefined && now - at >= 0 && now - at < CLAIM_EXPIRES_MS) return { heldForMs: now - at };
		const token = uniqueId();
		staticData[key] = { at: now, activation, token };
		return { claim: new PollClaim(staticData, key, token) };
	}

	/** Whether this poll still holds its claim (a newer poll takes over a claim older than CLAIM_EXPIRES_MS). */
	holds(): boolean {
		return (this.staticData[this.key] as StoredClaim | undefined)?.token === this.token;
	}

	/** Clears the claim if it is still this poll's: a poll that outlived its claim leaves the newer one alone. */
	release(): void {
		if (this.holds()) delete this.staticData[this.key];
	}
}
