const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const { task, src, dest, series } = require('gulp');

const manifest = require('./package.json');

// Every node the n8n block names (dist/nodes/X/Y.node.js, built from nodes/X/Y.node.ts), and the
// credentials, bundled with what they import.
const NODE_FILES = manifest.n8n.nodes;
const CREDENTIAL_ENTRY_POINTS = manifest.n8n.credentials.map(sourceOf);
// All nodes live in one bundle, so they share one copy of the transport: n8n loads each node file
// with the same require, and the channel's budget, cool-down and template cache are process-wide
// only if every node reaches the same module. Each named node file re-exports its class from it.
const NODES_BUNDLE = 'dist/nodes/Octopods/octopods.bundle.js';
// Bundled third-party code whose licence must travel with the bundle.
const BUNDLED_LICENCES = [{ name: 'libphonenumber-js', file: 'node_modules/libphonenumber-js/LICENSE' }];
// Third-party code adapted into a source file (not imported from node_modules), with its licence.
const ADAPTED_LICENCES = [
	{ name: 'grapheme-splitter', file: 'node_modules/grapheme-splitter/LICENSE', into: 'nodes/Octopods/helpers/graphemes.ts' },
	{ name: 'sms-segments-calculator', file: 'node_modules/sms-segments-calculator/LICENSE', into: 'nodes/Octopods/helpers/smartEncoding.ts' },
];

function sourceOf(distFile) {
	return distFile.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}
function classOf(distFile) {
	return path.basename(distFile, '.node.js');
}

// n8n verification forbids runtime dependencies, so libphonenumber-js (a dev dependency) is
// bundled in. n8n-workflow stays external: n8n provides its own copy, and a second one would break
// `instanceof NodeApiError` between the node's errors and n8n's.
const BUILD_OPTIONS = {
	bundle: true,
	platform: 'node',
	format: 'cjs',
	// n8n 1.x runs on Node 20; the bundle must not need anything newer.
	target: 'node20',
	external: ['n8n-workflow'],
	legalComments: 'eof',
	logLevel: 'warning',
	metafile: true,
};

task('build:bundle', async () => {
	const nodes = await esbuild.build({
		...BUILD_OPTIONS,
		stdin: {
			contents: NODE_FILES.map((file) => `export { ${classOf(file)} } from './${sourceOf(file).replace(/\.ts$/, '')}';`).join('\n'),
			resolveDir: __dirname,
			sourcefile: 'nodes.ts',
			loader: 'ts',
		},
		outfile: NODES_BUNDLE,
	});
	for (const file of NODE_FILES) {
		const bundle = `./${path.relative(path.dirname(file), NODES_BUNDLE)}`;
		fs.writeFileSync(file, `'use strict';\nexports.${classOf(file)} = require('${bundle}').${classOf(file)};\n`);
	}
	const credentials = await esbuild.build({ ...BUILD_OPTIONS, entryPoints: CREDENTIAL_ENTRY_POINTS, outbase: '.', outdir: 'dist' });
	const inputs = [nodes, credentials].flatMap((result) => Object.keys(result.metafile.inputs));
	const packages = new Set(inputs.filter((input) => input.startsWith('node_modules/')).map((input) => input.split('/')[1]));
	const unlicensed = [...packages].filter((name) => !BUNDLED_LICENCES.some((licence) => licence.name === name));
	if (unlicensed.length > 0) throw new Error(`bundled without a licence notice: ${unlicensed.join(', ')}`);
	const unbundled = ADAPTED_LICENCES.filter((licence) => !inputs.includes(licence.into));
	if (unbundled.length > 0) throw new Error(`adapted code no longer bundled: ${unbundled.map((licence) => licence.into).join(', ')}`);
	const notices = [
		...BUNDLED_LICENCES.filter((licence) => packages.has(licence.name)),
		...ADAPTED_LICENCES.map((licence) => ({ ...licence, name: `${licence.name} (adapted in ${licence.into})` })),
	].map((licence) => `${licence.name}\n${'='.repeat(licence.name.length)}\n\n${fs.readFileSync(licence.file, 'utf8').replace(/\r\n/g, '\n').trim()}\n`);
	fs.writeFileSync(
		path.join('dist', 'THIRD_PARTY_LICENSES.md'),
		`Third-party code bundled into ${NODES_BUNDLE.replace(/^dist\//, '')}\n\n${notices.join('\n')}`,
	);
});

// The icons and the codex (*.node.json) must sit beside the built files.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest(path.resolve('dist')),
	),
);

task('build', series('build:bundle', 'build:icons'));
