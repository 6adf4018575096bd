import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { INodePropertyOptions } from 'n8n-workflow';

import { OctopodsApi } from '../../credentials/OctopodsApi.credentials';
import { Octopods } from '../../nodes/Octopods/Octopods.node';

// n8n's verification guidelines, where a file can show them and the scanner (scanner.test.ts)
// does not look: MIT, the package source consistent, a README whose operations table lists every
// operation, the tool variant and themed icons.

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	license: string;
	keywords: string[];
	homepage: string;
	repository: { type: string; url: string };
	author: { name?: string; email?: string };
	dependencies?: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
};
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const description = new Octopods().description;

it('is an MIT-licensed community node package with no runtime dependency', () => {
	expect(manifest.name).toMatch(/^(@[a-z0-9-]+\/)?n8n-nodes-[a-z0-9-]+$/);
	expect(manifest.keywords).toContain('n8n-community-node-package');
	expect(manifest.dependencies).toBeUndefined();
	expect(manifest.license).toBe('MIT');
	expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
});

it('names one public GitHub repository as its source, homepage and author alike', () => {
	const repository = /^https:\/\/github\.com\/([\w.-]+\/[\w.-]+?)\.git$/.exec(manifest.repository.url);
	expect(manifest.repository.type).toBe('git');
	expect(repository).not.toBeNull();
	expect(manifest.homepage).toBe(`https://github.com/${repository?.[1]}`);
	expect(manifest.author.name).toBeTruthy();
	expect(manifest.author.email).toMatch(/@/);
});

/** The rows of the README's operations table (`| Resource | Operation | What it does |`). */
function operationsTable(): Array<{ resource: string; operation: string; what: string }> {
	const lines = readme.split('\n');
	const header = lines.indexOf('| Resource | Operation | What it does |');
	expect(header).toBeGreaterThan(-1);
	const rows = [];
	for (const line of lines.slice(header + 2)) {
		if (!line.startsWith('|')) break;
		const [resource, operation, what] = line.slice(1, -1).split(' | ').map((cell) => cell.trim());
		rows.push({ resource, operation, what });
	}
	return rows;
}

it('lists every operation in the README operations table, and nothing else', () => {
	const resources = (description.properties.find((p) => p.name === 'resource')?.options ?? []) as INodePropertyOptions[];
	const operations = description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => {
			const resource = resources.find((r) => property.displayOptions?.show?.resource?.includes(r.value));
			return (property.options as INodePropertyOptions[]).map((operation) => `${resource?.name} → ${operation.name}`);
		});
	const rows = operationsTable();
	// Both ways: every operation has its row, and every row is one; each says what it does.
	expect(rows.map((row) => `${row.resource} → ${row.operation}`).sort()).toEqual([...operations].sort());
	for (const row of rows) expect(row.what).toMatch(/\w{3,}/);
});

it('is usable as an AI tool and has light and dark icons, for the node and the credential', () => {
	expect(description.usableAsTool).toBe(true);
	const icons: Array<[string, unknown]> = [
		['nodes/Octopods', description.icon],
		['credentials', new OctopodsApi().icon],
	];
	for (const [folder, icon] of icons) {
		const { light, dark } = icon as { light: string; dark: string };
		expect(light).not.toBe(dark);
		for (const file of [light, dark]) expect(existsSync(join(ROOT, folder, file.replace(/^file:/, '')))).toBe(true);
	}
});
