import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

// Every relative link in the README and docs/ resolves: the file exists, and a #fragment names a
// heading of that page (as GitHub makes anchors of headings). The README stays a page one reads in
// two minutes: the rest lives in docs/.
const root = join(__dirname, '..', '..');
const pages = ['README.md', 'CHANGELOG.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** The page without code (fenced blocks and inline code), where a `](` is no link. */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');

function anchorsOf(file: string): string[] {
	const text = prose(readFileSync(file, 'utf8'));
	return [...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchor(match[1]));
}

const links = pages.flatMap((page) =>
	[...prose(readFileSync(join(root, page), 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)]
		.map((match) => match[1])
		.filter((target) => !/^[a-z]+:/.test(target))
		.map((target) => ({ page, target })),
);

it('finds the relative links of the README and docs/', () => {
	expect(links.filter((link) => link.page === 'README.md').length).toBeGreaterThan(10);
});

it.each(links.map((link) => [link.page, link.target]))('%s → %s resolves', (page, target) => {
	const [path, fragment] = target.split('#');
	const file = path ? join(root, dirname(page), path) : join(root, page);
	expect(relative(root, file)).not.toMatch(/^\.\./);
	expect(existsSync(file)).toBe(true);
	if (fragment && file.endsWith('.md')) expect(anchorsOf(file)).toContain(fragment);
});

it('keeps the README under about 200 lines', () => {
	expect(readFileSync(join(root, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(200);
});
