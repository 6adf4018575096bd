// `npm run size`: the package's size as npm publishes it (`npm pack --dry-run`), against the upper
// bounds the README's line between the package-size markers states. test/scan/packageSize.test.ts
// fails when the package outgrows them, or when they say more than half again what it weighs: a
// merge that moves the size a little needs no new README line. `npm run size -- --write` writes
// bounds with 10 % room above the measured size.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from './runtime/package';

const root = packageRoot();
export const README = join(root, 'README.md');
const START = /<!-- package-size:[^>]*-->\n/;
const END = '\n<!-- /package-size -->';

export interface PackResult {
	size: number;
	unpackedSize: number;
	entryCount: number;
}

/** npm's own figures for the tarball of dist/ as built now (needs `npm run build`). */
export function measurePackage(): PackResult {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
	const [result] = JSON.parse(output) as PackResult[];
	return result;
}

const KB = 1000;
/** How far the stated bounds may sit above the package: beyond it they no longer describe it. */
export const LOOSEST_BOUND = 1.5;

/** Bounds with 10 % room, in whole tens of kB (npm's kB: 1,000 bytes), and 4 files more. */
export function boundsFor({ size, unpackedSize, entryCount }: PackResult): PackResult {
	const roomy = (bytes: number) => Math.ceil((bytes * 1.1) / (10 * KB)) * 10 * KB;
	return { size: roomy(size), unpackedSize: roomy(unpackedSize), entryCount: entryCount + 4 };
}

export function packageSizeLine({ size, unpackedSize, entryCount }: PackResult): string {
	return `**Package size** (\`npm pack --dry-run\`): at most ${size / KB} kB packed, ${unpackedSize / KB} kB unpacked, ${entryCount} files.`;
}

/** The line between the markers in the README. */
export function readmePackageSizeLine(readme = readFileSync(README, 'utf8')): string {
	const start = START.exec(readme);
	const end = readme.indexOf(END);
	if (!start || end < 0) throw new Error('README.md has no <!-- package-size --> ... <!-- /package-size --> block');
	return readme.slice(start.index + start[0].length, end);
}

/** The bounds the README states. */
export function readmeBounds(line = readmePackageSizeLine()): PackResult {
	const figures = /at most (\d+) kB packed, (\d+) kB unpacked, (\d+) files\.$/.exec(line);
	if (!figures) throw new Error(`README.md's package size line states no bounds: ${line}`);
	return { size: Number(figures[1]) * KB, unpackedSize: Number(figures[2]) * KB, entryCount: Number(figures[3]) };
}

if (require.main === module) {
	const measured = measurePackage();
	process.stdout.write(`measured: ${measured.size} B packed, ${measured.unpackedSize} B unpacked, ${measured.entryCount} files\n`);
	process.stdout.write(`README:   ${readmePackageSizeLine()}\n`);
	if (process.argv.includes('--write')) {
		const readme = readFileSync(README, 'utf8');
		writeFileSync(README, readme.replace(readmePackageSizeLine(readme), packageSizeLine(boundsFor(measured))));
		process.stdout.write('README.md updated\n');
	}
}
