// First step of `npm start` and `npm test`: installs the dependencies from the lockfile (`npm ci`)
// when node_modules is missing or does not match package-lock.json, so both commands work on a
// fresh clone with nothing run before them. Plain JavaScript without dependencies: it runs before
// TypeScript is installed. (`.npmrc` sets ignore-scripts, so a `prestart` script would not run.)
//
// npm records what it installed in node_modules/.package-lock.json (its "hidden lockfile"); the
// dependencies match when that record lists every package of package-lock.json at the same
// version and source, and nothing else. Optional packages for other platforms (esbuild's, say)
// are never installed, so their absence is no mismatch.
'use strict';

const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** @typedef {{ version?: string, resolved?: string, integrity?: string, optional?: boolean, link?: boolean }} LockEntry */

/**
 * Why `npm ci` must run, or undefined when node_modules matches the lockfile.
 * @param {{ packages?: Record<string, LockEntry> }} lockfile package-lock.json
 * @param {{ packages?: Record<string, LockEntry> } | undefined} installed node_modules/.package-lock.json (undefined: absent)
 * @param {(path: string) => boolean} isInstalled whether a lockfile path (e.g. node_modules/jest) is on disk
 * @returns {string | undefined}
 */
function installReason(lockfile, installed, isInstalled) {
	if (!installed) return 'node_modules is missing';
	const wanted = lockfile.packages ?? {};
	const have = installed.packages ?? {};
	for (const [path, entry] of Object.entries(wanted)) {
		if (path === '') continue; // the project itself
		const got = have[path];
		if (!got) {
			if (entry.optional) continue;
			return `${path} is not installed`;
		}
		for (const field of ['version', 'resolved', 'integrity']) {
			if (entry[field] !== got[field]) {
				return `${path} is ${got.version ?? 'a link'} in node_modules, ${entry.version ?? 'a link'} in the lockfile`;
			}
		}
		if (!isInstalled(path)) return `${path} is not installed`;
	}
	const extra = Object.keys(have).find((path) => !(path in wanted));
	if (extra) return `${extra} is in node_modules but not in the lockfile`;
	return undefined;
}

/** @param {string} file */
function readJson(file) {
	return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function main() {
	const root = join(__dirname, '..');
	const lockfile = readJson(join(root, 'package-lock.json'));
	if (!lockfile) throw new Error('package-lock.json is missing');
	const reason = installReason(lockfile, readJson(join(root, 'node_modules', '.package-lock.json')), (path) =>
		existsSync(join(root, path)),
	);
	if (!reason) return;
	process.stdout.write(`[deps] ${reason}: installing the dependencies from package-lock.json (npm ci, about 2 minutes)\n`);
	const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
		cwd: root,
		stdio: 'inherit',
		shell: process.platform === 'win32',
	});
	if (result.error) throw result.error;
	if (result.status !== 0) process.exit(result.status ?? 1);
}

if (require.main === module) main();

module.exports = { installReason };
