// Installs THIS package into an n8n user folder the way a self-hosted user installs a community
// node by hand (https://docs.n8n.io/integrations/community-nodes/installation/manual-install/):
// `npm pack` of the repository, then `npm install <tarball>` inside <N8N_USER_FOLDER>/.n8n/nodes.
//
// n8n 2.41.1 loads such packages at start: its community-packages module (on by default) scans
// `<InstanceSettings.nodesDownloadDir>/node_modules` = `<N8N_USER_FOLDER>/.n8n/nodes/node_modules`
// for `n8n-nodes-*` and `@*/n8n-nodes-*` folders (n8n/dist/modules/community-packages/
// community-packages.module.js nodeLoaders() -> n8n-core scanDirectoryForPackages). The package's
// name is the node type prefix: `n8n-nodes-octopods.octopods`, plus `n8n-nodes-octopods.octopodsTool`
// (usableAsTool). The CLI (`import:*`, `execute`) loads them too.
//
// Notes:
// - `npm pack` runs in the repository, so its .npmrc (ignore-scripts=true) applies: no lifecycle
//   script builds dist/ for us. dist/ must be built already (`npm run build`); we check it.
// - `--legacy-peer-deps`: n8n-workflow is a peer dependency; n8n provides its own copy (it puts its
//   node_modules on NODE_PATH), and a second copy beside the package would break `instanceof`
//   checks between the node's errors and n8n's. libphonenumber-js, a real dependency, is installed.
// - The npm_* variables that `npm run` exports are dropped (cleanEnv): an inherited
//   npm_config_prefix, or the repository's ignore-scripts, must not reach the install.
// - The installed package is removed first, so every call installs the current build even when
//   the version did not change.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { cleanEnv, findNpmCli } from './provision';

export const PACKAGE_NAME = 'n8n-nodes-octopods';

const NPM_TIMEOUT_MS = 10 * 60 * 1000;
const OUTPUT_TAIL_CHARS = 3000;

export interface InstallPackageOptions {
	log?: (message: string) => void;
}

export interface InstalledPackage {
	/** The version installed (from package.json). */
	version: string;
	/** The tarball's file name as `npm pack` named it, e.g. n8n-nodes-octopods-0.1.0.tgz (its temp dir is removed). */
	tarball: string;
}

interface PackageManifest {
	name?: string;
	version?: string;
	dependencies?: Record<string, string>;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

/**
 * The repository root: the nearest folder above this file whose package.json is this package's.
 * (This file runs both as scripts/runtime/package.ts under ts-jest and as
 * build/scripts/runtime/package.js, so the depth differs.)
 */
export function packageRoot(): string {
	let dir = __dirname;
	for (;;) {
		const manifestFile = join(dir, 'package.json');
		if (existsSync(manifestFile)) {
			try {
				const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as PackageManifest;
				if (manifest.name === PACKAGE_NAME) return dir;
			} catch {
				// not ours, keep walking up
			}
		}
		const parent = dirname(dir);
		if (parent === dir) throw new Error(`could not find the ${PACKAGE_NAME} package.json above ${__dirname}`);
		dir = parent;
	}
}

/**
 * Runs npm (under the Node running us) and captures its output.
 */
function npm(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolveRun, rejectRun) => {
		const child = spawn(process.execPath, [findNpmCli(), ...args], {
			cwd,
			env: cleanEnv({}),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		const timer = setTimeout(() => child.kill('SIGKILL'), NPM_TIMEOUT_MS);
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.once('error', (error) => {
			clearTimeout(timer);
			rejectRun(error);
		});
		child.once('close', (code) => {
			clearTimeout(timer);
			resolveRun({ code, stdout, stderr });
		});
	});
}

function npmFailure(what: string, result: { code: number | null; stdout: string; stderr: string }): Error {
	const output = `${result.stdout}\n${result.stderr}`.trim().slice(-OUTPUT_TAIL_CHARS);
	return new Error(`${what} failed (exit ${result.code ?? 'killed'}):\n${output}`);
}

/**
 * Installs this package (its built dist/) into `<userFolder>/.n8n/nodes`, as a self-hosted n8n
 * user installs a community node by hand. Needs `npm run build` first.
 */
export async function installPackage(userFolder: string, options: InstallPackageOptions = {}): Promise<InstalledPackage> {
	const log = options.log ?? (() => {});
	const startedAt = Date.now();
	const root = packageRoot();
	const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as PackageManifest;
	const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !existsSync(join(root, file)));
	if (declared.length === 0 || missing.length > 0) {
		throw new Error(
			`${PACKAGE_NAME}: dist/ is not built (missing ${missing.join(', ') || 'the n8n block in package.json'}); run "npm run build" first`,
		);
	}

	const packDir = await mkdtemp(join(tmpdir(), 'octopods-pack-'));
	try {
		const packed = await npm(['pack', '--json', '--pack-destination', packDir], root);
		if (packed.code !== 0) throw npmFailure('npm pack', packed);
		let tarball: string;
		let version: string;
		try {
			const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; version: string }>;
			// npm 9+ gives the bare file name; older ones may prefix a scope folder: keep the base name.
			tarball = info.filename.replace(/^.*\//, '');
			version = info.version;
		} catch {
			throw npmFailure('npm pack (reading its --json output)', packed);
		}
		const tarballPath = join(packDir, tarball);
		if (!existsSync(tarballPath)) throw new Error(`npm pack reported ${tarball}, but ${tarballPath} does not exist`);
		log(`packed ${tarball}`);

		const nodesDir = join(resolve(userFolder), '.n8n', 'nodes');
		await mkdir(nodesDir, { recursive: true });
		// What n8n itself writes there (community-packages.service buildPackageJsonFromDatabase), so
		// npm treats the folder as its own project and n8n's installer finds what it expects.
		if (!existsSync(join(nodesDir, 'package.json'))) {
			await writeFile(join(nodesDir, 'package.json'), `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
		}
		const installedDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
		await rm(installedDir, { recursive: true, force: true });
		const installed = await npm(
			['install', '--prefix', nodesDir, '--omit=dev', '--legacy-peer-deps', '--no-audit', '--no-fund', tarballPath],
			nodesDir,
		);
		if (installed.code !== 0) throw npmFailure(`npm install ${tarball} into ${nodesDir}`, installed);

		// Check the result is what n8n will load.
		const installedManifest = JSON.parse(await readFile(join(installedDir, 'package.json'), 'utf8')) as PackageManifest;
		if (installedManifest.version !== version) {
			throw new Error(`installed ${PACKAGE_NAME} is ${installedManifest.version}, packed ${version}`);
		}
		const notInstalled = declared.filter((file) => !existsSync(join(installedDir, file)));
		if (notInstalled.length > 0) throw new Error(`the installed package lacks ${notInstalled.join(', ')} (check "files" in package.json)`);
		const unresolved = Object.keys(installedManifest.dependencies ?? {}).filter(
			(dependency) =>
				!existsSync(join(installedDir, 'node_modules', dependency)) && !existsSync(join(nodesDir, 'node_modules', dependency)),
		);
		if (unresolved.length > 0) throw new Error(`dependencies of ${PACKAGE_NAME} not installed: ${unresolved.join(', ')}`);
		if (existsSync(join(nodesDir, 'node_modules', 'n8n-workflow'))) {
			throw new Error(`n8n-workflow was installed into ${nodesDir}/node_modules; n8n must use its own copy (peer dependency)`);
		}
		log(`installed ${PACKAGE_NAME}@${version} into ${nodesDir} in ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);
		return { version, tarball };
	} finally {
		await rm(packDir, { recursive: true, force: true });
	}
}
