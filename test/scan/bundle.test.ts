import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The built package as n8n loads it: each node file the n8n block names, required by one Node.js
// process. All nodes must reach one module, or the trigger's polls and the node's sends would each
// keep a budget of their own for the same key. Needs dist/ built (npm test builds first).
const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
	dependencies?: Record<string, string>;
};

const probe = `
const files = ${JSON.stringify(manifest.n8n.nodes)};
const before = new Set(Object.keys(require.cache));
const classes = files.map((file) => {
	const exported = require(require('path').join(${JSON.stringify(root)}, file));
	const name = require('path').basename(file, '.node.js');
	return { file, name: new exported[name]().description.name };
});
const loaded = Object.keys(require.cache).filter((id) => !before.has(id) && !id.includes('node_modules'));
console.log(JSON.stringify({ classes, loaded: loaded.map((id) => require('path').relative(${JSON.stringify(root)}, id)) }));
`;

it('loads every node the n8n block names from one shared bundle (one transport, one budget per key)', () => {
	const result = JSON.parse(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' })) as {
		classes: Array<{ file: string; name: string }>;
		loaded: string[];
	};
	expect(result.classes.map((loaded) => loaded.name)).toEqual(
		manifest.n8n.nodes.map((file) => file.replace(/^.*\/(.)(.*)\.node\.js$/, (_, first: string, rest: string) => first.toLowerCase() + rest)),
	);
	const bundles = result.loaded.filter((file) => !manifest.n8n.nodes.includes(file));
	expect(bundles).toEqual(['dist/nodes/Octopods/octopods.bundle.js']);
});

it('ships libphonenumber-js inside the bundle, with its licence, and depends on nothing at run time', () => {
	const bundle = readFileSync(join(root, 'dist/nodes/Octopods/octopods.bundle.js'), 'utf8');
	expect(bundle).not.toMatch(/require\("libphonenumber-js/);
	expect(manifest.dependencies).toBeUndefined();
	expect(readFileSync(join(root, 'dist/THIRD_PARTY_LICENSES.md'), 'utf8')).toMatch(/libphonenumber-js[\s\S]*MIT/);
});

it.each([
	['grapheme-splitter', 'graphemes.ts', 'Copyright (c) 2015 Orlin Georgiev'],
	['sms-segments-calculator', 'smartEncoding.ts', 'Copyright (c) 2021 Twilio Inc'],
])('carries the licence of the code adapted from %s into the bundle, beside it and in the code', (name, file, copyright) => {
	const notices = readFileSync(join(root, 'dist/THIRD_PARTY_LICENSES.md'), 'utf8');
	const heading = `${name} (adapted in nodes/Octopods/helpers/${file})`;
	expect(notices).toContain(`${heading}\n${'='.repeat(heading.length)}\n\nThe MIT License (MIT)\n\n${copyright}`);
	expect(readFileSync(join(root, 'dist/nodes/Octopods/octopods.bundle.js'), 'utf8')).toContain(copyright);
});
