const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const { task, src, dest, series } = require('gulp');

// The files the n8n block of package.json names, each bundled with what it imports.
const ENTRY_POINTS = ['nodes/Octopods/Octopods.node.ts', 'credentials/OctopodsApi.credentials.ts'];
// Bundled third-party code whose licence must travel with the bundle.
const BUNDLED_LICENCES = [{ name: 'libphonenumber-js', file: 'node_modules/libphonenumber-js/LICENSE' }];

// n8n verification forbids runtime dependencies, so libphonenumber-js (a dev dependency) is
// bundled into the node file. n8n-workflow stays external: n8n provides its own copy, and a
// second one would break `instanceof NodeApiError` between the node's errors and n8n's.
task('build:bundle', async () => {
	const result = await esbuild.build({
		entryPoints: ENTRY_POINTS,
		outbase: '.',
		outdir: 'dist',
		bundle: true,
		platform: 'node',
		format: 'cjs',
		// n8n 1.x runs on Node 20; the bundle must not need anything newer.
		target: 'node20',
		external: ['n8n-workflow'],
		legalComments: 'eof',
		logLevel: 'warning',
		metafile: true,
	});
	const inputs = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('node_modules/'));
	const packages = new Set(inputs.map((input) => input.split('/')[1]));
	const unlicensed = [...packages].filter((name) => !BUNDLED_LICENCES.some((licence) => licence.name === name));
	if (unlicensed.length > 0) throw new Error(`bundled without a licence notice: ${unlicensed.join(', ')}`);
	const notices = BUNDLED_LICENCES.filter((licence) => packages.has(licence.name)).map(
		(licence) => `${licence.name}\n${'='.repeat(licence.name.length)}\n\n${fs.readFileSync(licence.file, 'utf8').trim()}\n`,
	);
	fs.writeFileSync(
		path.join('dist', 'THIRD_PARTY_LICENSES.md'),
		`Third-party code bundled into dist/nodes/Octopods/Octopods.node.js\n\n${notices.join('\n')}`,
	);
});

// The icons and the codex (*.node.json) must sit beside the built files.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest(path.resolve('dist')),
	),
);

task('build', series('build:bundle', 'build:icons'));
