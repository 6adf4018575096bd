/**
 * Answers kept for a short time, shared by every execution in the process (one cache per channel).
 * Pending look-ups are shared too, so a burst of executions asking for the same template makes one
 * request. Failures are never kept.
 */
interface Entry<T> {
	value: Promise<T>;
	/** Infinity while the look-up is pending: its time to live starts when it answers. */
	expiresAt: number;
}

export class SharedCache {
	private readonly entries = new Map<string, Entry<unknown>>();

	/**
	 * The cached answer for `key`, or `load()`'s, kept `ttlMs` after it answers. A caller that
	 * joined a pending look-up which then failed loads again itself, so the error it reports is its
	 * own (its node, its item).
	 */
	async get<T>(key: string, ttlMs: number, now: () => number, load: () => Promise<T>): Promise<T> {
		this.prune(now());
		const entry = this.entries.get(key) as Entry<T> | undefined;
		if (entry) {
			try {
				return await entry.value;
			} catch {
				// The look-up that failed reports its error to its own caller; this caller asks again below.
			}
		}
		return await this.load(key, ttlMs, now, load);
	}

	private async load<T>(key: string, ttlMs: number, now: () => number, load: () => Promise<T>): Promise<T> {
		const entry: Entry<T> = { value: load(), expiresAt: Infinity };
		this.entries.set(key, entry);
		// Kept from the answer on; forgotten on failure. The caller gets the answer or the error itself.
		entry.value.then(
			() => (entry.expiresAt = now() + ttlMs),
			() => this.entries.get(key) === entry && this.entries.delete(key),
		);
		return await entry.value;
	}

	clear(): void {
		this.entries.clear();
	}

	get size(): number {
		return this.entries.size;
	}

	private prune(now: number): void {
		for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
	}
}
