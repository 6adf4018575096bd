import { startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/server';
import type { EditorBrowser } from './support/browser';
import {
	expectInputValue,
	expectTexts,
	expectVisible,
	failureScreenshot,
	launchEditorBrowser,
	signIn,
	widenParametersPanel,
} from './support/browser';
import type { RealN8n } from './support/realN8n';
import { OWNER, startRealN8n } from './support/realN8n';

// The editor in a real browser: the built package installed into a real n8n 2.x, the Octopods
// sandbox behind it, and Debian's Chromium driven by playwright-core doing what a user does:
// find the node, pick an operation and a template, see the template's variables as fields, build
// reply buttons and a list menu, and run an example workflow from the canvas. Each step checks what the page
// shows, then takes a screenshot (test-results/screenshots/, or docs/screenshots/ with
// OCTOPODS_UPDATE_SCREENSHOTS=1). Steps share one page and run in order.

const API_KEY = 'octo-editor-e2e-key-8f2c4a';
const EXAMPLE_WORKFLOW = 'Octopods: CRM record, send a template, check delivery';
/** The example that sends each CRM contact the template in its language, after a Dry Run. */
const LANGUAGE_WORKFLOW = "Octopods: CRM contact → template in the contact's language";
const DRY_RUN_NODE = 'Check Without Sending (Dry Run)';
const EXAMPLE_NODES = [
	"When clicking 'Execute workflow'",
	'CRM Record',
	'Send Appointment Template',
	'Wait 3 Seconds',
	'Get Delivery Status',
];

let sandbox: Sandbox | undefined;
let n8n: RealN8n | undefined;
let editor: EditorBrowser | undefined;

function ui(): EditorBrowser {
	if (!editor) throw new Error('the browser did not start (see beforeAll)');
	return editor;
}

let failedStep: string | undefined;

/**
 * Runs one step; on failure keeps a screenshot of what the page showed. A step that continues
 * where the previous one left off (`continues: true`) fails at once after a failed step, instead
 * of waiting out its timeouts on a page in the wrong state.
 */
async function step(
	name: string,
	body: (browser: EditorBrowser) => Promise<void>,
	{ continues = false }: { continues?: boolean } = {},
): Promise<void> {
	const browser = ui();
	if (continues && failedStep) throw new Error(`not run: it continues from step "${failedStep}", which failed`);
	try {
		await body(browser);
	} catch (error) {
		failedStep ??= name;
		await failureScreenshot(browser.page, name);
		throw error;
	}
}

/** To the overview, as a user goes back to the workflow list (an unsaved-changes prompt is accepted), and into a workflow. */
async function openWorkflow(page: EditorBrowser['page'], name: string, id: string): Promise<void> {
	const url = n8n?.url;
	if (!url) throw new Error('n8n did not start');
	if (await page.getByTestId('ndv-close-button').isVisible()) await page.getByTestId('ndv-close-button').click();
	await page.goto(`${url}/home/workflows`);
	await page.getByTestId('resources-list-item-workflow').filter({ hasText: name }).click();
	await page.waitForURL(new RegExp(`/workflow/${id}`));
}

beforeAll(async () => {
	sandbox = await startSandbox({ apiKey: API_KEY });
	n8n = await startRealN8n([
		{ id: 'OctopodsSandbox1', name: 'Octopods Sandbox', type: 'octopodsApi', data: { apiKey: API_KEY, baseUrl: sandbox.url } },
	]);
	editor = await launchEditorBrowser();
	await signIn(editor.page, n8n.url, OWNER);
});

afterAll(async () => {
	await editor?.close();
	await n8n?.stop();
	await sandbox?.close();
	if (n8n) expect(await n8n.leftovers()).toEqual([]);
});

describe('the Octopods node in n8n’s editor, in a real browser', () => {
	it('offers Octopods in the node panel', async () => {
		await step('node-panel', async ({ page, screenshot }) => {
			await expectVisible(page.getByText(EXAMPLE_WORKFLOW), 'the example workflows on the overview page');
			await page.getByTestId('add-resource-workflow').click();
			const addFirstStep = page.getByTestId('canvas-plus-button');
			await expectVisible(addFirstStep, 'the empty canvas with "Add first step"');
			await addFirstStep.click();

			const panel = page.getByTestId('node-creator');
			// The search bar is the input itself (data-test-id on the <input>).
			const search = panel.locator('input[data-test-id="node-creator-search-bar"], [data-test-id="node-creator-search-bar"] input').first();
			await expectVisible(search, 'the node panel search bar');
			await search.fill('Octopods');
			const octopods = panel.getByTestId('item-iterator-item').filter({
				has: page.getByTestId('node-creator-item-name').getByText('Octopods', { exact: true }),
			});
			await expectVisible(octopods, 'Octopods among the search results');
			// On an empty canvas n8n offers triggers: the node and its trigger are one "Octopods" entry there.
			expect(await octopods.first().innerText()).toContain('Starts the workflow when a WhatsApp message');
			// Opened: the trigger's events, and the node's actions folded below them.
			await octopods.first().click();
			await expectVisible(panel.getByText(/^Actions \(\d+\)$/), 'the Octopods trigger events with the actions folded below');
			await screenshot('node-panel');
		});
	});

	it('adds it with Send Template and lists the sandbox’s active templates', async () => {
		await step('template-dropdown', async ({ page, screenshot }) => {
			const panel = page.getByTestId('node-creator');
			// As a first step n8n lists the trigger's events (opened above), the node's actions folded below them.
			await panel.getByText(/^Actions \(\d+\)$/).click();
			await expectTexts(
				panel,
				['Send a template message', 'Send an interactive message', 'Get the status of a message', 'Get many templates'],
				'the Octopods actions',
			);
			await panel.getByText('Send a template message', { exact: true }).click();

			const ndv = page.getByTestId('ndv');
			await expectVisible(ndv.getByTestId('resource-locator-templateId'), 'the node with its Template picker');
			await expectTexts(ndv.getByTestId('node-title-container'), ['Send a template message'], 'the node title');
			// The only credential of its type is chosen by itself; pick it when it is not.
			const credential = ndv.getByTestId('node-credentials-select').locator('input');
			if ((await credential.inputValue()) !== 'Octopods Sandbox') {
				await ndv.getByTestId('node-credentials-select').click();
				await page.getByTestId('node-credentials-select-item-OctopodsSandbox1').click();
			}
			await expectInputValue(credential, 'Octopods Sandbox', 'the Credential');
			await expectInputValue(ndv.getByTestId('parameter-input-resource').locator('input'), 'Message', 'the Resource');
			await expectInputValue(ndv.getByTestId('parameter-input-operation').locator('input'), 'Send Template', 'the Operation');
			await expectTexts(ndv.getByTestId('resource-mapper-container'), ['Choose a template to see its variables'], 'Variables');

			await widenParametersPanel(page, 300);
			await ndv.getByTestId('resource-locator-templateId').getByTestId('rlc-input').click();
			const items = page.getByTestId('rlc-item');
			await expectVisible(items.filter({ hasText: 'order_shipped (en)' }), 'the template list');
			const names = await items.allInnerTexts();
			expect(names).toEqual(expect.arrayContaining(['appointment_1 (en)', 'order_shipped (en)', 'welcome_named (pt)']));
			expect(names.join('\n')).not.toContain('old_promo'); // inactive: not offered by default
			await screenshot('template-dropdown');
		}, { continues: true });
	});

	it('shows the chosen template’s variables as fields', async () => {
		await step('template-variables', async ({ page, screenshot }) => {
			const ndv = page.getByTestId('ndv');
			await page.getByTestId('rlc-item').filter({ hasText: 'order_shipped (en)' }).click();
			await expectInputValue(
				ndv.getByTestId('resource-locator-templateId').getByTestId('rlc-input'),
				'order_shipped (en)',
				'the Template',
			);
			const mapper = ndv.getByTestId('resource-mapper-container');
			await expectTexts(
				mapper,
				['Header Image URL', 'Body {{1}}', 'Body {{2}}', 'Button 1 URL Suffix'],
				'the variable fields of order_shipped',
			);
			for (const field of ['header_media_url', 'body_1', 'body_2', 'button_1_url']) {
				await expectVisible(mapper.getByTestId(`parameter-input-${field}`), `the input of variable ${field}`);
			}
			await mapper.scrollIntoViewIfNeeded();
			await page.mouse.move(5, 5); // no hover tooltip over the fields
			await screenshot('template-variables');
		}, { continues: true });
	});

	it('builds reply buttons with Send Interactive', async () => {
		await step('interactive-buttons', async ({ page, screenshot }) => {
			const ndv = page.getByTestId('ndv');
			await ndv.getByTestId('parameter-input-operation').click();
			await page.getByRole('option').filter({ hasText: 'Send Interactive' }).click();
			await expectInputValue(ndv.getByTestId('parameter-input-operation').locator('input'), 'Send Interactive', 'the Operation');
			await expectInputValue(ndv.getByTestId('parameter-input-interactiveType').locator('input'), 'Reply Buttons', 'the Interactive Type');
			await expectInputValue(ndv.getByTestId('parameter-input-headerType').locator('input'), 'None', 'the Header Type');
			const parameters = ndv.getByTestId('node-parameters');
			await expectTexts(
				parameters,
				['Phone Number', 'Interactive Type', 'Header Type', 'Body Text', 'Footer Text', 'Buttons', 'Currently no items exist'],
				'the reply-buttons builder',
			);

			await ndv.getByTestId('parameter-input-bodyText').locator('textarea, input').first().fill(
				'Your appointment is tomorrow at 10:00. Can you make it?',
			);
			const buttons = ndv.getByTestId('fixed-collection-buttons');
			for (const [index, title] of ['Confirm', 'Reschedule'].entries()) {
				await buttons.getByTestId('fixed-collection-add').last().click();
				const titleInput = buttons.getByTestId('parameter-input-title').nth(index).locator('input');
				await expectVisible(titleInput, `the Title of button ${index + 1}`);
				await titleInput.fill(title);
				await expectInputValue(titleInput, title, `the Title of button ${index + 1}`);
				// Leave the field, as a user moves on (its input hint would cover the next field).
				await titleInput.evaluate((element) => (element as HTMLInputElement).blur());
			}
			await expectVisible(buttons.getByTestId('parameter-input-id').nth(1), 'the ID of button 2');
			expect(await parameters.innerText()).not.toContain('Currently no items exist');

			await page.mouse.move(5, 5);
			await buttons.getByTestId('fixed-collection-add').last().scrollIntoViewIfNeeded();
			await screenshot('interactive-buttons');
		}, { continues: true });
	});

	it('builds a list menu with sections with Send Interactive', async () => {
		await step('interactive-list', async ({ page, screenshot }) => {
			const ndv = page.getByTestId('ndv');
			await ndv.getByTestId('parameter-input-interactiveType').click();
			await page.getByRole('option').filter({ hasText: 'A menu button' }).click();
			await expectInputValue(ndv.getByTestId('parameter-input-interactiveType').locator('input'), 'List', 'the Interactive Type');
			const parameters = ndv.getByTestId('node-parameters');
			await expectTexts(
				parameters,
				['Phone Number', 'Body Text', 'Header Text', 'Footer Text', 'Button Label', 'Rows'],
				'the list builder',
			);
			expect(await parameters.innerText()).not.toContain('Header Type');

			await ndv.getByTestId('parameter-input-bodyText').locator('textarea, input').first().fill('Pick a time that suits you');
			await ndv.getByTestId('parameter-input-buttonLabel').locator('input').fill('See times');
			const rows = ndv.getByTestId('fixed-collection-rows');
			const entries = [
				{ section: 'This Week', title: 'Tuesday 10:00' },
				{ section: 'Next Week', title: 'Monday 09:00' },
			];
			for (const [index, entry] of entries.entries()) {
				await rows.getByTestId('fixed-collection-add').last().click();
				for (const [field, value] of [['section', entry.section], ['title', entry.title]] as const) {
					const input = rows.getByTestId(`parameter-input-${field}`).nth(index).locator('input');
					await expectVisible(input, `the ${field} of row ${index + 1}`);
					await input.fill(value);
					await expectInputValue(input, value, `the ${field} of row ${index + 1}`);
					await input.evaluate((element) => (element as HTMLInputElement).blur());
				}
			}
			await expectVisible(rows.getByTestId('parameter-input-description').nth(1), 'the Description of row 2');

			await page.mouse.move(5, 5);
			await rows.getByTestId('parameter-input-title').nth(1).scrollIntoViewIfNeeded();
			await screenshot('interactive-list');
		}, { continues: true });
	});

	it('runs the example workflow from the editor against the sandbox', async () => {
		await step('example-run', async ({ page, screenshot }) => {
			if (!sandbox) throw new Error('the sandbox did not start');
			await openWorkflow(page, EXAMPLE_WORKFLOW, 'OctoExCrmSendSt1');
			const node = (name: string) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
			for (const name of EXAMPLE_NODES) await expectVisible(node(name), `the node "${name}" on the canvas`);
			sandbox.reset();

			const execute = page.getByTestId('execute-workflow-button');
			await expectTexts(execute, ['Execute workflow'], 'the Execute workflow button');
			await execute.click();
			// The sandbox delivers 2 s after the send; the workflow waits 3 s before asking.
			for (const name of EXAMPLE_NODES) {
				await expectVisible(node(name).getByTestId('canvas-node-status-success'), `"${name}" marked as succeeded`, 90_000);
			}
			expect(await page.getByTestId('canvas-node-status-error').count()).toBe(0);

			const logs = page.getByTestId('logs-panel');
			if (!(await logs.getByTestId('logs-overview-body').isVisible())) await logs.getByTestId('logs-overview-header').click();
			// Opened after a run, the logs show the last node's output; clicking its row again would
			// close that, so pick the row only when no details show.
			const details = logs.getByTestId('log-details');
			try {
				await details.waitFor({ state: 'visible', timeout: 5_000 });
			} catch {
				await logs.getByTestId('logs-overview-body').getByText('Get Delivery Status', { exact: true }).click();
			}
			await expectTexts(logs.getByTestId('logs-overview-status'), ['Success'], 'the run status');
			const output = await expectTexts(
				details,
				['Get Delivery Status', 'status', 'DELIVERED'],
				'the output of Get Delivery Status',
			);
			expect(output).toContain('Your message has been delived successfully.');
			// The run really went through the sandbox: one template send, one status read.
			expect(sandbox.sends().map((send) => send.path)).toEqual(['/api/v1/whatsapp/templates/537/messages']);
			expect(sandbox.sends()[0].body).toEqual({
				destination_phone: '+353838000000',
				message_variables: { header: ['Ana'], body: ['Ana', 'https://cal.example.com/ana'], footer: [], buttons: [] },
			});
			await page.mouse.move(5, 5);
			await screenshot('example-run');
		});
	});
	it('shows the example agent’s Octopods tool with its fields defined by the model', async () => {
		await step('agent-tool', async ({ page, screenshot }) => {
			const url = n8n?.url;
			if (!url) throw new Error('n8n did not start');
			if (await page.getByTestId('ndv-close-button').isVisible()) await page.getByTestId('ndv-close-button').click();
			await page.goto(`${url}/workflow/OctoExAiAgent001`);
			const tool = page.locator('[data-test-id="canvas-node"][data-node-name="Send Template"]');
			await expectVisible(tool, 'the Send Template tool of the example agent');
			await tool.dblclick();
			const ndv = page.getByTestId('ndv');
			// "Let the model define this parameter" is on: the editor shows the field as the model's.
			const byModel = ndv.getByTestId('fromAI-override-field');
			await expectVisible(byModel.first(), 'fields defined by the model');
			await expectTexts(byModel.first(), ['Defined automatically by the model'], 'a field defined by the model');
			expect(await byModel.count()).toBe(3);
			await page.mouse.move(5, 5);
			await screenshot('agent-tool');
		});
	});

	it('shows By Name with Language and Fallback Languages, and a Dry Run step that sends nothing', async () => {
		await step('dry-run', async ({ page, screenshot }) => {
			if (!sandbox) throw new Error('the sandbox did not start');
			await openWorkflow(page, LANGUAGE_WORKFLOW, 'OctoExCrmLangua1');
			const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${DRY_RUN_NODE}"]`);
			await expectVisible(node, `the node "${DRY_RUN_NODE}" on the canvas`);
			await node.dblclick();

			const ndv = page.getByTestId('ndv');
			const parameters = ndv.getByTestId('node-parameters');
			await expectTexts(
				parameters,
				['Dry Run is on: this node checks every item', 'Template', 'Language', 'Fallback Languages', 'Phone Number'],
				'the By Name template with its language fields and the Dry Run notice',
			);
			await expectInputValue(ndv.getByTestId('parameter-input-fallbackLanguages').locator('input'), 'en', 'the Fallback Languages');
			// The template's mode reads By Name, with the name as written in Octopods.
			await expectInputValue(
				ndv.getByTestId('resource-locator-templateId').getByTestId('rlc-input'),
				'order_shipped',
				'the Template name',
			);
			sandbox.reset();

			await ndv.getByTestId('node-execute-button').click();
			const output = ndv.getByTestId('output-panel');
			await expectTexts(output, ['dry_run', 'template_language', '550'], 'the Dry Run output', 90_000);
			// The run looked templates up and posted nothing.
			expect(sandbox.received.filter((request) => request.method === 'POST')).toEqual([]);
			expect(sandbox.received.length).toBeGreaterThan(0);
			await page.mouse.move(5, 5);
			await screenshot('dry-run');
		});
	});
});
