// Types for scripts/ensure-deps.js (plain JavaScript: it runs before TypeScript is installed).
interface LockEntry {
	version?: string;
	resolved?: string;
	integrity?: string;
	optional?: boolean;
	link?: boolean;
}
interface Lockfile {
	packages?: Record<string, LockEntry>;
}
export function installReason(
	lockfile: Lockfile,
	installed: Lockfile | undefined,
	isInstalled: (path: string) => boolean,
): string | undefined;
