/**
 * The node as the AI Agent's human review (`octopodsHitlTool`, made by n8n 2.x of Send and Wait).
 * n8n's default review message ends with `{{ $tool.parameters }}`, an object that an expression
 * inside text renders as "[object Object]" (n8n 2.41.1): the reviewer would approve blind. So the
 * tool call's input replaces it, one `name: value` line per parameter, readable on a phone.
 */
import { countCharacters, shortenText } from '../interactive';

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

/** Ends a listing cut to fit the WhatsApp message: the page shows it whole. */
export const SEE_THE_PAGE = '… (all of it on the page)';

/**
 * The review message with the tool call's input where n8n rendered it as "[object Object]". With
 * `max` (the WhatsApp message's limit), a listing that does not fit is cut, sharing the room left by
 * the user's own text, and ends with SEE_THE_PAGE: long arguments never stop the review from being sent.
 */
export function withToolInput(message: string, input: unknown, max = Infinity): string {
	if (input === undefined || !message.includes(OBJECT_TEXT)) return message;
	const parts = message.split(OBJECT_TEXT);
	const listing = toolInputLines(input);
	const whole = parts.join(listing);
	if (countCharacters(whole) <= max) return whole;
	const room = Math.floor((max - countCharacters(parts.join(''))) / (parts.length - 1));
	return parts.join(shortenText(listing, room, SEE_THE_PAGE));
}
