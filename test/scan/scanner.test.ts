import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

// n8n's own scanner (@n8n/scan-community-package) as n8n runs it before verifying a package:
// the source leg and the tarball leg (scripts/scan.mjs). Needs dist/ built (npm test builds first).

const ROOT = join(__dirname, '..', '..');
const SCAN = join(ROOT, 'scripts', 'scan.mjs');
// Machine-busy margin: each leg loads ESLint and the TypeScript parser (about 4 s idle).
const SCAN_TIMEOUT_MS = 120_000;

function scan(...args: string[]): { code: number | null; output: string } {
	const result = spawnSync(process.execPath, [SCAN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: SCAN_TIMEOUT_MS });
	return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function writeFiles(dir: string, files: Record<string, string>): void {
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, path)), { recursive: true });
		writeFileSync(join(dir, path), text);
	}
}

const manifest = {
	name: 'n8n-nodes-scan-fixture',
	version: '0.1.0',
	license: 'MIT',
	keywords: ['n8n-community-node-package'],
	dependencies: { 'left-pad': '1.3.0' },
	n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/Bad/Bad.node.js'] },
};

let fixture: string;
beforeEach(() => (fixture = mkdtempSync(join(tmpdir(), 'octopods-scan-fixture-'))));
afterEach(() => rmSync(fixture, { recursive: true, force: true }));

it('this package passes both legs with 0 errors', () => {
	const { code, output } = scan();
	expect(output).toContain('[scan] source (package.json, {nodes,credentials}/**/*.{js,ts,json}): passed, 0 errors');
	expect(output).toContain('[scan] tarball (**/*.js, package.json): passed, 0 errors');
	expect(code).toBe(0);
}, SCAN_TIMEOUT_MS);

it('the source leg finds what verification forbids, eslint-disable comments notwithstanding', () => {
	writeFiles(fixture, {
		'package.json': JSON.stringify(manifest),
		'nodes/Bad/helpers/read.ts': [
			'export function read(text: string): unknown {',
			'\ttry {',
			'\t\treturn JSON.parse(text);',
			'\t} catch (error) {',
			'\t\tthrow error;',
			'\t}',
			'}',
			'// eslint-disable-next-line',
			'export const later = (run: () => void) => setTimeout(run, 10);',
		].join('\n'),
	});
	const { code, output } = scan('--source', fixture);
	expect(code).toBe(1);
	expect(output).toContain('@n8n/community-nodes/no-runtime-dependencies');
	expect(output).toContain('@n8n/community-nodes/require-node-api-error');
	expect(output).toContain("Use of restricted global 'setTimeout' is not allowed");
}, SCAN_TIMEOUT_MS);

it('the tarball leg lints the built JavaScript, bundled code included', () => {
	writeFiles(fixture, {
		'package.json': JSON.stringify({ ...manifest, dependencies: undefined }),
		'dist/nodes/Bad/Bad.node.js': 'exports.token = () => process.env.TOKEN;\nexports.pad = require("left-pad");\n',
	});
	const { code, output } = scan('--unpacked', fixture);
	expect(code).toBe(1);
	expect(output).toContain("Use of restricted global 'process' is not allowed");
	expect(output).toContain("Require of 'left-pad' is not allowed");
}, SCAN_TIMEOUT_MS);
