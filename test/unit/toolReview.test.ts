import { toolInputLines, withToolInput } from '../../nodes/Octopods/helpers/sendAndWait/toolReview';

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
