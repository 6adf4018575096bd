/**
 * The node as the AI Agent's human review (`octopodsHitlTool`, made by n8n 2.x of Send and Wait).
 * n8n's default review message ends with `{{ $tool.parameters }}`, an object that an expression
 * inside text renders as "[object Object]" (n8n 2.41.1): the reviewer would approve blind. So the
 * tool call's input replaces it, one `name: value` line per parameter, readable on a phone.
 */

const OBJECT_TEXT = '[object Object]';

function valueText(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The tool call's parameters as lines, e.g. "Template: 542". */
export function toolInputLines(input: unknown): string {
	if (input === null || typeof input !== 'object' || Array.isArray(input)) return valueText(input);
	return Object.entries(input as Record<string, unknown>)
		.map(([name, value]) => `${name}: ${valueText(value)}`)
		.join('\n');
}

/** The review message with the tool call's input where n8n rendered it as "[object Object]". */
export function withToolInput(message: string, input: unknown): string {
	if (input === undefined || !message.includes(OBJECT_TEXT)) return message;
	return message.split(OBJECT_TEXT).join(toolInputLines(input));
}
