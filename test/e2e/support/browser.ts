import { mkdirSync } from 'fs';
import { join } from 'path';

import { chromium, selectors } from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';

import { ensureChromium } from '../../../scripts/runtime/chromium';

// n8n's editor marks its elements with data-test-id (not Playwright's default data-testid).
selectors.setTestIdAttribute('data-test-id');

const REPO_ROOT = join(__dirname, '..', '..', '..');

/** Where screenshots go: docs/screenshots with OCTOPODS_UPDATE_SCREENSHOTS=1, else test-results/ (gitignored). */
export const SCREENSHOT_DIR =
	process.env.OCTOPODS_UPDATE_SCREENSHOTS === '1'
		? join(REPO_ROOT, 'docs', 'screenshots')
		: join(REPO_ROOT, 'test-results', 'screenshots');
/** Screenshots of a step that failed, always in test-results/. */
export const FAILURE_DIR = join(REPO_ROOT, 'test-results', 'screenshots', 'failures');

export const VIEWPORT = { width: 1440, height: 900 };

/** n8n's editor is heavy on a 2-core machine: every wait is generous. */
export const UI_TIMEOUT_MS = 60_000;

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface EditorBrowser {
	browser: Browser;
	page: Page;
	/** Writes <name>.png of the whole viewport into SCREENSHOT_DIR and returns its path. */
	screenshot(name: string): Promise<string>;
	close(): Promise<void>;
}

function log(message: string): void {
	process.stdout.write(`[browser] ${message}\n`);
}

/** Debian's Chromium (installed when missing) with one page of VIEWPORT size. */
export async function launchEditorBrowser(): Promise<EditorBrowser> {
	const executablePath = await ensureChromium({ log });
	const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: UI_TIMEOUT_MS });
	const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'en-US' });
	context.setDefaultTimeout(UI_TIMEOUT_MS);
	context.setDefaultNavigationTimeout(UI_TIMEOUT_MS);
	const page = await context.newPage();
	// Leaving an unsaved workflow asks "leave this page?": a user who navigates away means yes.
	page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	return {
		browser,
		page,
		async screenshot(name) {
			const path = join(SCREENSHOT_DIR, `${name}.png`);
			await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
			log(`screenshot ${path}`);
			return path;
		},
		async close() {
			await browser.close().catch(() => undefined);
		},
	};
}

/** A screenshot of what the page showed when a step failed (best effort). */
export async function failureScreenshot(page: Page, name: string): Promise<void> {
	try {
		mkdirSync(FAILURE_DIR, { recursive: true });
		const path = join(FAILURE_DIR, `${name}.png`);
		await page.screenshot({ path, timeout: 10_000 });
		log(`failure screenshot ${path}`);
	} catch {
		// the page may be gone
	}
}

/** Waits until the element is visible; the error names what was expected. */
export async function expectVisible(locator: Locator, what: string, timeout = UI_TIMEOUT_MS): Promise<void> {
	try {
		await locator.first().waitFor({ state: 'visible', timeout });
	} catch (error) {
		throw new Error(`expected to see ${what} within ${timeout / 1000}s: ${(error as Error).message.split('\n')[0]}`);
	}
}

/**
 * Waits until the element's visible text (innerText) contains every one of `texts`, and returns
 * that text. The error lists what was missing and what the element showed.
 */
export async function expectTexts(
	locator: Locator,
	texts: readonly string[],
	what: string,
	timeout = UI_TIMEOUT_MS,
): Promise<string> {
	const deadline = Date.now() + timeout;
	let shown = '';
	for (;;) {
		try {
			shown = await locator.first().innerText({ timeout: Math.max(1000, deadline - Date.now()) });
		} catch {
			shown = '';
		}
		const missing = texts.filter((text) => !shown.includes(text));
		if (missing.length === 0) return shown;
		if (Date.now() > deadline) {
			throw new Error(
				`expected ${what} to show ${missing.map((text) => JSON.stringify(text)).join(', ')} within ${timeout / 1000}s; it showed:\n${shown.slice(0, 2000) || '(nothing)'}`,
			);
		}
		await new Promise((resolveWait) => setTimeout(resolveWait, 250));
	}
}

/** Waits until an input (or the input inside the element) holds `value`. */
export async function expectInputValue(locator: Locator, value: string, what: string, timeout = UI_TIMEOUT_MS): Promise<void> {
	const deadline = Date.now() + timeout;
	let shown = '';
	for (;;) {
		try {
			shown = await locator.first().inputValue({ timeout: Math.max(1000, deadline - Date.now()) });
		} catch {
			shown = '';
		}
		if (shown === value) return;
		if (Date.now() > deadline) {
			throw new Error(`expected ${what} to show ${JSON.stringify(value)} within ${timeout / 1000}s; it showed ${JSON.stringify(shown)}`);
		}
		await new Promise((resolveWait) => setTimeout(resolveWait, 250));
	}
}

/** Signs in through n8n's sign-in form and waits for the overview page. */
export async function signIn(page: Page, url: string, user: { email: string; password: string }): Promise<void> {
	await page.goto(`${url}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(user.email);
	await page.getByTestId('password').locator('input').fill(user.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((address) => !address.pathname.startsWith('/signin'), { timeout: UI_TIMEOUT_MS });
}

/**
 * Drags the right edge of the node details view's middle (parameters) panel by `dx` pixels, as a
 * user widens it so long labels (the variable fields' snippets) fit. n8n keeps the width per
 * session; nothing here depends on it but the screenshots' readability.
 */
export async function widenParametersPanel(page: Page, dx: number): Promise<void> {
	const handles = page.getByTestId('ndv').getByTestId('resize-handle');
	const boxes = [];
	for (let i = 0; i < (await handles.count()); i++) {
		const box = await handles.nth(i).boundingBox();
		if (box) boxes.push(box);
	}
	const right = boxes.sort((a, b) => b.x - a.x)[0];
	if (!right) throw new Error('the parameters panel has no resize handle');
	const x = right.x + right.width / 2;
	const y = right.y + right.height / 2;
	await page.mouse.move(x, y);
	await page.mouse.down();
	await page.mouse.move(x + dx / 2, y, { steps: 8 });
	await page.mouse.move(x + dx, y, { steps: 8 });
	await page.mouse.up();
}
