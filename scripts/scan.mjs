#!/usr/bin/env node
// n8n's own scanner (@n8n/scan-community-package), run on this repository the way n8n runs it on a
// published package (scanner.mjs, analyzePackageByName): its `analyzePackage` on the source with
// SOURCE_FILE_PATTERNS (package.json and {nodes,credentials}/**), and on the unpacked `npm pack`
// tarball with ['**/*.js', 'package.json'], so the bundle in dist/ is linted too. Same ESLint
// config (the scanner's own), inline `eslint-disable` comments ignored. The provenance and
// download steps need a published version and are left out.
//
//   node scripts/scan.mjs                 both legs on this repository (dist/ must be built)
//   node scripts/scan.mjs --source DIR    the source leg on DIR
//   node scripts/scan.mjs --unpacked DIR  the tarball leg on an unpacked package in DIR
// Exit code 1 when a leg finds an error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// eslint-plugin-n8n-nodes-base treats every file as a node file when NODE_ENV is "test" (its own
// test mode; jest sets it): n8n runs the scanner without it.
delete process.env.NODE_ENV;
// The scanner makes a temporary folder when loaded and never removes it: give it one of ours.
const workDir = mkdtempSync(join(tmpdir(), 'octopods-scan-'));
process.env.TMPDIR = workDir;
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');

const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
	return result.stdout;
}

/** `npm pack` of the repository, unpacked as the scanner unpacks a downloaded tarball. */
function packAndUnpack() {
	run('npm', ['pack', '--silent', '--pack-destination', workDir], root);
	const tarball = readdirSync(workDir).find((file) => file.endsWith('.tgz'));
	const packageDir = join(workDir, 'package');
	mkdirSync(packageDir);
	run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], workDir);
	return packageDir;
}

async function leg(name, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	process.stdout.write(`[scan] ${name} (${patterns.join(', ')}): ${result.passed ? 'passed, 0 errors' : `FAILED: ${result.message}`}\n`);
	if (!result.passed && result.details) process.stdout.write(`${result.details}\n`);
	return result.passed;
}

const [option, dir] = process.argv.slice(2);
let passed;
try {
	if (option === '--source') passed = await leg('source', dir, SOURCE_FILE_PATTERNS);
	else if (option === '--unpacked') passed = await leg('tarball', dir, TARBALL_FILE_PATTERNS);
	else {
		const source = await leg('source', root, SOURCE_FILE_PATTERNS);
		const tarball = await leg('tarball', packAndUnpack(), TARBALL_FILE_PATTERNS);
		passed = source && tarball;
	}
} finally {
	rmSync(workDir, { recursive: true, force: true });
}
process.exitCode = passed ? 0 : 1;
