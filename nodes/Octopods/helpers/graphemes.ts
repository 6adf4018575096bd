/*!
 * Grapheme cluster boundaries as grapheme-splitter 1.0.4 draws them (UAX #29 for Unicode 10), the
 * splitter Twilio's sms-segments-calculator counts segments with. Adapted from grapheme-splitter,
 * Copyright (c) 2015 Orlin Georgiev, MIT licence (dist/THIRD_PARTY_LICENSES.md).
 */
import { GRAPHEME_BREAK_TABLE } from './graphemeBreakTable';

// grapheme-splitter's property numbers (test/support/graphemeSplitter.ts compares them).
const CR = 0;
const LF = 1;
const CONTROL = 2;
const EXTEND = 3;
const REGIONAL_INDICATOR = 4;
const SPACING_MARK = 5;
const L = 6;
const V = 7;
const T = 8;
const LV = 9;
const LVT = 10;
const OTHER = 11;
const PREPEND = 12;
const E_BASE = 13;
const E_MODIFIER = 14;
const ZWJ = 15;
const GLUE_AFTER_ZWJ = 16;
const E_BASE_GAZ = 17;

const PROPERTY_OF_NAME: Record<string, number> = {
	CR,
	LF,
	Control: CONTROL,
	Extend: EXTEND,
	Regional_Indicator: REGIONAL_INDICATOR,
	SpacingMark: SPACING_MARK,
	L,
	V,
	T,
	LV,
	LVT,
	Prepend: PREPEND,
	E_Base: E_BASE,
	E_Modifier: E_MODIFIER,
	ZWJ,
	Glue_After_Zwj: GLUE_AFTER_ZWJ,
	E_Base_GAZ: E_BASE_GAZ,
};

/** [first, last, property], sorted by first code point; read from the table on first use. */
let ranges: Array<[number, number, number]> | undefined;

function tableRanges(): Array<[number, number, number]> {
	ranges ??= Object.entries(GRAPHEME_BREAK_TABLE)
		.flatMap(([name, list]) =>
			list.split(' ').map((range): [number, number, number] => {
				const [first, last = first] = range.split('-');
				return [parseInt(first, 16), parseInt(last, 16), PROPERTY_OF_NAME[name]];
			}),
		)
		.sort((a, b) => a[0] - b[0]);
	return ranges;
}

export function graphemeBreakProperty(code: number): number {
	if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 === 0 ? LV : LVT;
	const table = tableRanges();
	let low = 0;
	let high = table.length - 1;
	while (low <= high) {
		const middle = (low + high) >> 1;
		const [first, last, property] = table[middle];
		if (code < first) high = middle - 1;
		else if (code > last) low = middle + 1;
		else return property;
	}
	return OTHER;
}

const onlyExtend = (properties: number[]): boolean => properties.every((property) => property === EXTEND);

/**
 * grapheme-splitter's `shouldBreak`: whether a cluster that began with `start` and went on with
 * `mid` ends before `next`. Kept rule for rule, lookaheads included, so the counts stay Twilio's.
 */
function breaksBefore(start: number, mid: number[], next: number): boolean {
	const all = [start, ...mid, next];
	const previous = all[all.length - 2];
	// GB10's lookahead: an emoji modifier after anything but an emoji base (and Extends) stands alone.
	const modifierAt = all.lastIndexOf(E_MODIFIER);
	if (modifierAt > 1 && onlyExtend(all.slice(1, modifierAt)) && ![EXTEND, E_BASE, E_BASE_GAZ].includes(start)) return true;
	// GB12, GB13's lookahead: regional indicators pair up.
	const indicatorAt = all.lastIndexOf(REGIONAL_INDICATOR);
	if (
		indicatorAt > 0 &&
		all.slice(1, indicatorAt).every((property) => property === REGIONAL_INDICATOR) &&
		![PREPEND, REGIONAL_INDICATOR].includes(previous)
	) {
		return true;
	}
	if (previous === CR && next === LF) return false; // GB3
	if ([CONTROL, CR, LF].includes(previous) || [CONTROL, CR, LF].includes(next)) return true; // GB4, GB5
	if (previous === L && [L, V, LV, LVT].includes(next)) return false; // GB6
	if ((previous === LV || previous === V) && (next === V || next === T)) return false; // GB7
	if ((previous === LVT || previous === T) && next === T) return false; // GB8
	if (next === EXTEND || next === ZWJ || next === SPACING_MARK || previous === PREPEND) return false; // GB9, GB9a, GB9b
	// GB10
	const lastBeforeExtend = all.includes(EXTEND) ? all.lastIndexOf(EXTEND) - 1 : all.length - 2;
	if ([E_BASE, E_BASE_GAZ].includes(all[lastBeforeExtend]) && onlyExtend(all.slice(lastBeforeExtend + 1, -1)) && next === E_MODIFIER) {
		return false;
	}
	if (previous === ZWJ && (next === GLUE_AFTER_ZWJ || next === E_BASE_GAZ)) return false; // GB11
	if (mid.includes(REGIONAL_INDICATOR)) return true; // GB12, GB13
	if (previous === REGIONAL_INDICATOR && next === REGIONAL_INDICATOR) return false;
	return true; // GB999
}

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

function nextBreak(text: string, index: number): number {
	if (index >= text.length - 1) return text.length;
	const start = graphemeBreakProperty(text.codePointAt(index) ?? 0);
	const mid: number[] = [];
	for (let i = index + 1; i < text.length; i++) {
		// The low half of a surrogate pair was read with its high half.
		if (isHighSurrogate(text.charCodeAt(i - 1)) && isLowSurrogate(text.charCodeAt(i))) continue;
		const next = graphemeBreakProperty(text.codePointAt(i) ?? 0);
		if (breaksBefore(start, mid, next)) return i;
		mid.push(next);
	}
	return text.length;
}

/** The text's grapheme clusters, as grapheme-splitter 1.0.4 splits them, on every runtime. */
export function splitGraphemes(text: string): string[] {
	const graphemes: string[] = [];
	for (let index = 0; index < text.length; ) {
		const end = nextBreak(text, index);
		graphemes.push(text.slice(index, end));
		index = end;
	}
	return graphemes;
}
