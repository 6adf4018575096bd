// `npm run size`: the package's size as npm publishes it (`npm pack --dry-run`), as the README's
// line between the package-size markers says it; `npm run size -- --write` rewrites that line.
// test/scan/packageSize.test.ts fails when the README no longer says what this measures. The
// README is itself in the tarball, so rewriting the line can move a figure: run it again then.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from './runtime/package';

const root = packageRoot();
export const README = join(root, 'README.md');
const START = /<!-- package-size:[^>]*-->\n/;
const END = '\n<!-- /package-size -->';

interface PackResult {
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

/** kB as npm prints them (1 kB = 1,000 bytes). */
const kB = (bytes: number) => `${Math.round(bytes / 1000)} kB`;

export function packageSizeLine({ size, unpackedSize, entryCount }: PackResult): string {
	return `**Package size** (\`npm pack --dry-run\`): ${kB(size)} packed, ${kB(unpackedSize)} unpacked, ${entryCount} files.`;
}

/** The line between the markers in the README. */
export function readmePackageSizeLine(readme = readFileSync(README, 'utf8')): string {
	const start = START.exec(readme);
	const end = readme.indexOf(END);
	if (!start || end < 0) throw new Error('README.md has no <!-- package-size --> ... <!-- /package-size --> block');
	return readme.slice(start.index + start[0].length, end);
}

if (require.main === module) {
	const line = packageSizeLine(measurePackage());
	process.stdout.write(`${line}\n`);
	if (process.argv.includes('--write')) {
		const readme = readFileSync(README, 'utf8');
		writeFileSync(README, readme.replace(readmePackageSizeLine(readme), line));
		process.stdout.write('README.md updated\n');
	}
}
