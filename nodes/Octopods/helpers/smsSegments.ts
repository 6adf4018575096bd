/**
 * What an SMS body costs before it is sent: its encoding and segments, by the rules Octopods' SMS
 * provider (Twilio) bills by, and the same numbers as Twilio's own `sms-segments-calculator`
 * (test/unit/smsSegments.test.ts compares both over a corpus). Written here rather than bundled: the
 * calculator brings a grapheme splitter with it, whose rules graphemes.ts keeps in far less (docs/sms.md).
 */

import { splitGraphemes } from './graphemes';
import { SMART_ENCODING } from './smartEncoding';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
	segments: number;
	encoding: SmsEncoding;
	/** Code units billed: GSM-7 septets (extension characters count 2), or UTF-16 units for UCS-2. */
	characters: number;
}

// GSM 03.38 basic table (one septet each) and extension table (escape + septet, so two each).
const GSM7_BASIC = new Set(
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

// A message of one segment holds 140 octets; once split, each segment gives 6 of them to the
// concatenation header. Counting in bits keeps 160/153 septets and 70/67 UCS-2 units exact.
const SINGLE_SEGMENT_BITS = 1120;
const SPLIT_SEGMENT_BITS = 1120 - 48;

/**
 * User-perceived characters as Twilio's calculator splits them (grapheme-splitter's rules, not the
 * runtime's `Intl.Segmenter`, whose Unicode tables differ between Node builds); a CR LF pair counts
 * as two, as carriers see it.
 */
function graphemesOf(body: string): string[] {
	return splitGraphemes(body).flatMap((grapheme) => (grapheme === '\r\n' ? ['\r', '\n'] : [grapheme]));
}

function isGsm7Grapheme(grapheme: string): boolean {
	return grapheme.length === 1 && (GSM7_BASIC.has(grapheme) || GSM7_EXTENSION.has(grapheme));
}

export function isGsm7Compatible(body: string): boolean {
	return graphemesOf(body).every(isGsm7Grapheme);
}

/**
 * Segments never cut a character in two (an extension pair, a surrogate pair, an emoji sequence),
 * so a split message is packed character by character, not divided by a fixed length.
 */
export function countSmsSegments(body: string): SmsSegments {
	const graphemes = graphemesOf(body);
	const encoding: SmsEncoding = graphemes.every(isGsm7Grapheme) ? 'GSM-7' : 'UCS-2';
	const sizes = graphemes.map((grapheme) =>
		encoding === 'GSM-7' ? (GSM7_EXTENSION.has(grapheme) ? 14 : 7) : 16 * grapheme.length,
	);
	const totalBits = sizes.reduce((sum, size) => sum + size, 0);
	const characters = totalBits / (encoding === 'GSM-7' ? 7 : 16);
	if (totalBits <= SINGLE_SEGMENT_BITS) return { segments: 1, encoding, characters };

	let segments = 1;
	let used = 0;
	for (const size of sizes) {
		if (used + size > SPLIT_SEGMENT_BITS) {
			segments++;
			used = 0;
		}
		used += size;
	}
	return { segments, encoding, characters };
}

/**
 * The body as Twilio's Smart Encoding writes it: its whole table (smartEncoding.ts) of typographic
 * quotes, dashes, fullwidth forms, odd spaces, tabs and invisible controls in their GSM-7 forms.
 */
export function toGsm7Compatible(body: string): string {
	return [...body].map((char) => SMART_ENCODING[char] ?? char).join('');
}

export const GSM7_REPLACEMENT_TABLE: Readonly<Record<string, string>> = SMART_ENCODING;
