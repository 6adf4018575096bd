import { readFileSync } from 'fs';

/**
 * grapheme-splitter 1.0.4, which Twilio's sms-segments-calculator splits characters with, keeps its
 * Grapheme_Cluster_Break table private (`getGraphemeBreakProperty`). Its source, with that one
 * function exposed, is the reference for nodes/Octopods/helpers/graphemes.ts and the generator of
 * its table.
 */
export function graphemeSplitterBreakProperty(): (code: number) => number {
	const source = readFileSync(require.resolve('grapheme-splitter'), 'utf8');
	const exposed = source.replace(/return this;\s*}\s*(?=if \(typeof module)/, 'this.breakProperty = getGraphemeBreakProperty;\n\treturn this;\n}\n');
	if (exposed === source) throw new Error('grapheme-splitter changed: getGraphemeBreakProperty could not be exposed');
	const module = { exports: {} as unknown };
	new Function('module', exposed)(module);
	const Splitter = module.exports as new () => { breakProperty: (code: number) => number };
	return new Splitter().breakProperty;
}

/** Its property numbers, in its order. */
export const BREAK_PROPERTY_NAMES = [
	'CR', 'LF', 'Control', 'Extend', 'Regional_Indicator', 'SpacingMark', 'L', 'V', 'T', 'LV', 'LVT',
	'Other', 'Prepend', 'E_Base', 'E_Modifier', 'ZWJ', 'Glue_After_Zwj', 'E_Base_GAZ',
] as const;

let properties: Uint8Array | undefined;

/** Its property of every code point (its lookup is a long chain of comparisons: read once). */
export function graphemeSplitterProperties(): Uint8Array {
	if (properties === undefined) {
		const property = graphemeSplitterBreakProperty();
		properties = new Uint8Array(0x110000);
		for (let code = 0; code <= 0x10ffff; code++) properties[code] = property(code);
	}
	return properties;
}

/**
 * The table as graphemes.ts writes it: per property, its code point ranges in hexadecimal
 * (`start-end` or one code point), apart from Other (everything unlisted) and the Hangul syllables
 * (LV or LVT by arithmetic).
 */
export function graphemeSplitterTable(): Record<string, string> {
	const property = graphemeSplitterProperties();
	const ranges: Record<string, string[]> = {};
	let start = 0;
	for (let code = 1; code <= 0x110000; code++) {
		const isHangul = (at: number) => at >= 0xac00 && at <= 0xd7a3;
		if (code <= 0x10ffff && property[code] === property[start] && !isHangul(code)) continue;
		const name = BREAK_PROPERTY_NAMES[property[start]];
		if (name !== 'Other' && !isHangul(start)) {
			const end = code - 1;
			(ranges[name] ??= []).push(end === start ? start.toString(16) : `${start.toString(16)}-${end.toString(16)}`);
		}
		start = code;
	}
	return Object.fromEntries(Object.entries(ranges).map(([name, list]) => [name, list.join(' ')]));
}
