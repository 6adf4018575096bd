import { countCharacters } from '../../nodes/Octopods/helpers/interactive';
import { SEE_THE_PAGE, toolInputLines, withToolInput } from '../../nodes/Octopods/helpers/sendAndWait/toolReview';

// n8n 2.41.1's default human-review message, as its expression renders the tool call's input.
const RENDERED = 'The agent wants to run this tool: Send_Template\n\nInput:\n[object Object]';

describe('the human review message (octopodsHitlTool)', () => {
	it('shows the tool call\'s input, one parameter a line, where n8n rendered "[object Object]"', () => {
		const input = { Template: '542', Phone_Number: '+351912345678', Variables__JSON_: { body: ['Ana', '4821'] } };
		expect(withToolInput(RENDERED, input)).toBe(
			'The agent wants to run this tool: Send_Template\n\nInput:\nTemplate: 542\nPhone_Number: +351912345678\nVariables__JSON_: {"body":["Ana","4821"]}',
		);
	});

	it('leaves a message the user wrote without the object alone, and one with no tool input', () => {
		expect(withToolInput('Refund {{ the order }}?', { Template: '542' })).toBe('Refund {{ the order }}?');
		expect(withToolInput(RENDERED, undefined)).toBe(RENDERED);
	});

	it('writes an input that is not an object as JSON', () => {
		expect(toolInputLines(['a', 1])).toBe('["a",1]');
		expect(toolInputLines('plain')).toBe('plain');
	});
});

describe('a review whose tool input does not fit one WhatsApp message', () => {
	const input = { Template: '542', Variables__JSON_: { body: ['Ana', 'x'.repeat(1500)] } };

	it('shortens the listing to fit, ending with where to read the rest', () => {
		const shortened = withToolInput(RENDERED, input, 1024);
		expect(countCharacters(shortened)).toBe(1024);
		expect(shortened.startsWith('The agent wants to run this tool: Send_Template\n\nInput:\nTemplate: 542\nVariables__JSON_: {"body":["Ana","xxx')).toBe(true);
		expect(shortened.endsWith(`x${SEE_THE_PAGE}`)).toBe(true);
	});

	it('keeps the whole listing where there is no limit (the page), and a listing that fits as it is', () => {
		expect(withToolInput(RENDERED, input)).toBe(RENDERED.replace('[object Object]', toolInputLines(input)));
		expect(withToolInput(RENDERED, { Template: '542' }, 1024)).toBe(RENDERED.replace('[object Object]', 'Template: 542'));
	});

	it('shares the room among the places n8n rendered the input, never cutting an emoji', () => {
		const twice = `Check:\n[object Object]\nand again:\n[object Object]`;
		const shortened = withToolInput(twice, { note: '😀'.repeat(800) }, 1024);
		expect(countCharacters(shortened)).toBeLessThanOrEqual(1024);
		expect(shortened.split(SEE_THE_PAGE)).toHaveLength(3);
		expect(shortened).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
	});
});
