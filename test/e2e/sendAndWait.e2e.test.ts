import { readFileSync } from 'fs';
import { join } from 'path';

import { startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/server';
import type { EditorBrowser } from './support/browser';
import { expectVisible, launchEditorBrowser, SCREENSHOT_DIR, signIn } from './support/browser';
import { execution, itemsOf, sleep } from './support/executions';
import type { RealN8n } from './support/realN8n';
import { OWNER, startRealN8n } from './support/realN8n';
import {
	BROWSER_AGENT,
	CUSTOM_FORM,
	endedExecution,
	executionIdOf,
	fetchAs,
	forged,
	linkSentTo,
	PREVIEW_AGENTS,
	sendAndWaitWorkflow,
	SLOT_QUESTION,
	statusOf,
	submit,
} from './support/sendAndWait';

// Send and Wait for Response in a real n8n 2.41.1, Chromium acting as the person who got the
// message: the link is read from the sandbox's inbox, as a demo user reads it. Every workflow is
// started at once in beforeAll (one n8n for the suite); the time limit's resume waits for n8n's wait
// tracker, which looks for due executions once a minute, so that scenario is checked last.
// The suite only runs when the built node offers the operation (dist/ of this checkout).

const API_KEY = 'octo-send-wait-e2e-key-5d1e9b';
const PHONE_VIEWPORT = { width: 390, height: 844 };

const built = (() => {
	try {
		return readFileSync(join(__dirname, '..', '..', 'dist', 'nodes', 'Octopods', 'octopods.bundle.js'), 'utf8');
	} catch {
		return '';
	}
})();
const describeIfBuilt = built.includes("'sendAndWait'") || built.includes('"sendAndWait"') ? describe : describe.skip;

const APPROVAL = { responseType: 'approval', message: '=Refund order A-17, EUR 40?' };
const SCENARIOS = {
	decline: {
		phone: '+353838000011',
		parameters: { ...APPROVAL, approvalOptions: { values: { approvalType: 'double', approveLabel: 'Refund', disapproveLabel: 'Decline' } } },
	},
	freeText: { phone: '+353838000012', parameters: { responseType: 'freeText', message: 'What time suits you tomorrow?' } },
	customForm: { phone: '+353838000014', parameters: CUSTOM_FORM },
	timeLimit: {
		phone: '+353838000013',
		parameters: { ...APPROVAL, options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 0.05, resumeUnit: 'minutes' } } } },
	},
} as const;
const EXAMPLE = { id: 'OctoExApproveRef1', phone: '+353838000000' };

describeIfBuilt('Send and Wait in n8n 2.41.1, answered in Chromium', () => {
	let sandbox: Sandbox;
	let n8n: RealN8n;
	let browser: EditorBrowser;
	const links: Record<string, string> = {};
	const timings: string[] = [];

	beforeAll(async () => {
		const startedAt = Date.now();
		sandbox = await startSandbox({ apiKey: API_KEY, rateLimit: false });
		n8n = await startRealN8n([
			{ id: 'OctopodsSandbox1', name: 'Octopods Sandbox', type: 'octopodsApi', data: { apiKey: API_KEY, baseUrl: sandbox.url } },
		]);
		for (const [name, scenario] of Object.entries(SCENARIOS)) {
			await n8n.importWorkflow(sendAndWaitWorkflow(`E2eSendWait${name}`, { phoneNumber: scenario.phone, ...scenario.parameters }));
		}
		browser = await launchEditorBrowser();
		// Every workflow asks at once; each `n8n execute` ends once its run waits.
		const runs = [EXAMPLE.id, ...Object.keys(SCENARIOS).map((name) => `E2eSendWait${name}`)].map((id) => n8n.execute(id));
		const phones = { example: EXAMPLE.phone, ...Object.fromEntries(Object.entries(SCENARIOS).map(([name, scenario]) => [name, scenario.phone])) };
		for (const [name, phone] of Object.entries(phones)) links[name] = await linkSentTo(sandbox.url, phone);
		const ended = await Promise.all(runs);
		for (const [index, name] of Object.keys(phones).entries()) {
			// `n8n execute` on Node 24 may die of SIGSEGV on its way out (see exitCode in realN8n.ts), here
			// after the run went to wait: what counts is that the execution the link names is waiting.
			if (ended[index].code === 0) continue;
			expect({ name, signal: ended[index].signal }).toEqual({ name, signal: 'SIGSEGV' });
			expect(await statusOf(n8n, executionIdOf(links[name]))).toBe('waiting');
			process.stdout.write(`[e2e] n8n execute for ${name} died of SIGSEGV after its run went to wait\n`);
		}
		process.stdout.write(`[e2e] send and wait: ${runs.length} executions waiting ${((Date.now() - startedAt) / 1000).toFixed(1)}s after start\n`);
	});

	afterAll(async () => {
		process.stdout.write(`[e2e] click to finished workflow:\n${timings.map((line) => `  ${line}`).join('\n')}\n`);
		await browser?.close();
		await n8n?.stop();
		await sandbox?.close();
		if (n8n) expect(await n8n.leftovers()).toEqual([]);
	});

	/** Opens the page on a phone-sized viewport, clicks, and times the click to the workflow's end. */
	async function answer(name: string, act: (page: EditorBrowser['page']) => Promise<void>) {
		const page = await browser.browser.newPage({ viewport: PHONE_VIEWPORT, userAgent: BROWSER_AGENT });
		await page.goto(links[name]);
		const clickedAt = Date.now();
		await act(page);
		const ended = await endedExecution(n8n, executionIdOf(links[name]));
		timings.push(`${name}: ${Date.now() - clickedAt} ms`);
		return { page, ended };
	}

	it('the example: previews and a browser GET answer nothing; Refund resumes it once into the approved branch; opening it again shows no buttons and a second submission changes nothing', async () => {
		const id = executionIdOf(links.example);
		for (const agent of [...PREVIEW_AGENTS, BROWSER_AGENT]) {
			const shown = await fetchAs(links.example, agent);
			expect(shown.status).toBe(200);
			expect(shown.text).toContain('<form method="post"');
		}
		await sleep(2000);
		expect(await statusOf(n8n, id)).toBe('waiting');

		// What the workflow's owner sees meanwhile: the execution waiting in the editor.
		await signIn(browser.page, n8n.url, OWNER);
		await browser.page.goto(`${n8n.url}/workflow/${EXAMPLE.id}/executions/${id}`);
		await expectVisible(browser.page.getByText('Waiting', { exact: false }).first(), 'the execution marked as waiting');
		await browser.page.waitForLoadState('networkidle');
		await sleep(1500);
		await browser.screenshot('send-and-wait-waiting');

		const { page, ended } = await answer('example', async (phone) => {
			await phone.screenshot({ path: join(SCREENSHOT_DIR, 'send-and-wait-page.png') });
			await phone.locator('button[name="approved"][value="true"]').click();
			await phone.waitForLoadState();
		});
		expect(ended.status).toBe('success');
		expect(itemsOf(ended.data, 'Ask for Approval')).toEqual([{ data: { approved: true, respondedAt: expect.any(String) } }]);
		expect(itemsOf(ended.data, 'Refund Approved')).toHaveLength(1);
		expect(ended.data.resultData.runData['Not Refunded']).toBeUndefined();
		expect(ended.data.resultData.runData['Ask for Approval']).toHaveLength(1);

		// Opened again after the answer: no buttons any more; a second submission changes nothing.
		await page.goto(links.example);
		expect(await page.locator('button[name="approved"]').count()).toBe(0);
		const again = await submit(links.example, { approved: 'false' });
		expect(again.text).not.toContain('<form method="post"');
		const after = await execution(n8n, id);
		expect(after.stoppedAt).toBe(ended.stoppedAt);
		expect(itemsOf(after.data, 'Ask for Approval')).toEqual(itemsOf(ended.data, 'Ask for Approval'));
		await page.close();
	});

	it('refuses a forged or altered link (no resume), then Decline resumes it with approved: false', async () => {
		const id = executionIdOf(links.decline);
		const altered = new URL(links.decline);
		altered.searchParams.append('approved', 'true');
		for (const link of [forged(links.decline), altered.toString()]) {
			expect((await fetchAs(link, BROWSER_AGENT)).status).toBe(401);
			expect((await submit(link, { approved: 'true' })).status).toBe(401);
		}
		expect(await statusOf(n8n, id)).toBe('waiting');

		const { page, ended } = await answer('decline', async (phone) => {
			await phone.locator('button[name="approved"][value="false"]').click();
			await phone.waitForLoadState();
		});
		expect(ended.status).toBe('success');
		expect(itemsOf(ended.data, 'Octopods')).toEqual([{ data: { approved: false, respondedAt: expect.any(String) } }]);
		expect(itemsOf(ended.data, 'Done')).toHaveLength(1);
		await page.close();
	});

	it('resumes once with a free-text answer', async () => {
		const { page, ended } = await answer('freeText', async (phone) => {
			await phone.locator('textarea[name="text"]').fill('10:30, <b>please</b>');
			await phone.locator('button[type="submit"]').click();
			await phone.waitForLoadState();
		});
		expect(itemsOf(ended.data, 'Octopods')).toEqual([{ data: { text: '10:30, <b>please</b>', respondedAt: expect.any(String) } }]);
		expect(ended.data.resultData.runData.Done).toHaveLength(1);
		await page.close();
	});

	it('resumes once with a Custom Form: "Tue  10:00" (two spaces) chosen from the dropdown and the name typed', async () => {
		const { page, ended } = await answer('customForm', async (phone) => {
			// As a person picks it: by the text the dropdown shows (the browser collapses its spaces).
			await phone.locator('select[name="field-0"]').selectOption({ label: 'Tue 10:00' });
			await phone.locator('input[name="field-1"]').fill('Ana');
			await phone.locator('button[type="submit"]').click();
			await phone.waitForLoadState();
			// A refused answer shows the page again with the problem: say it rather than wait for the end.
			expect(await phone.locator('p.error').allTextContents()).toEqual([]);
		});
		expect(await page.content()).toContain('Your answer was recorded');
		expect(ended.status).toBe('success');
		expect(itemsOf(ended.data, 'Octopods')).toEqual([
			{ data: { [SLOT_QUESTION]: 'Tue  10:00', 'Your name': 'Ana', respondedAt: expect.any(String) } },
		]);
		expect(ended.data.resultData.runData.Done).toHaveLength(1);
		await page.close();
	});

	it('goes on without an answer when the time limit passes (n8n looks for due executions once a minute)', async () => {
		const ended = await endedExecution(n8n, executionIdOf(links.timeLimit), 150_000);
		expect(ended.status).toBe('success');
		expect(itemsOf(ended.data, 'Octopods')).toEqual([{}]);
		expect(itemsOf(ended.data, 'Done')).toEqual([{}]);
	});
});
