// Memory of a process as Linux reports it in /proc/<pid>/status: VmRSS (resident now) and VmHWM
// (the resident peak since the process started). Read synchronously: the file is tiny, and a
// checkpoint must be taken at the moment a count is reached, not an event-loop turn later.
import { readFileSync } from 'node:fs';

export interface MemoryReading {
	/** Resident set size now, in bytes. */
	rssBytes: number;
	/** Peak resident set size so far, in bytes. */
	peakBytes: number;
}

function field(status: string, name: string): number {
	const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
	if (!match) throw new Error(`no ${name} in /proc status`);
	return Number(match[1]) * 1024;
}

/** The process's memory now; undefined once it has exited (or when it is not ours to read). */
export function readMemory(pid: number): MemoryReading | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return { rssBytes: field(status, 'VmRSS'), peakBytes: field(status, 'VmHWM') };
	} catch {
		return undefined;
	}
}

/**
 * Reads a process's memory every `intervalMs` until stopped, keeping the last reading: VmHWM only
 * grows, so the last reading before the process exits holds its peak.
 */
export class MemoryWatch {
	private last: MemoryReading | undefined;
	private readonly timer: NodeJS.Timeout;

	constructor(
		private readonly pid: number,
		intervalMs = 100,
	) {
		this.timer = setInterval(() => this.read(), intervalMs);
		this.read();
	}

	/** Reads now; also what a checkpoint calls. */
	read(): MemoryReading | undefined {
		const reading = readMemory(this.pid);
		if (reading) this.last = reading;
		return reading;
	}

	/** Stops reading; the process's peak as last seen. */
	stop(): number | undefined {
		clearInterval(this.timer);
		return this.last?.peakBytes;
	}
}
