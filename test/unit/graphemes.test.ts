import GraphemeSplitter from 'grapheme-splitter';

import { GRAPHEME_BREAK_TABLE } from '../../nodes/Octopods/helpers/graphemeBreakTable';
import { graphemeBreakProperty, splitGraphemes } from '../../nodes/Octopods/helpers/graphemes';
import { graphemeSplitterProperties, graphemeSplitterTable } from '../support/graphemeSplitter';

// The node's grapheme splitting against grapheme-splitter 1.0.4, the one Twilio's calculator uses.
describe('splitGraphemes is grapheme-splitter 1.0.4', () => {
	const reference = new GraphemeSplitter();

	it('has its table (regenerate with graphemeSplitterTable() when this fails)', () => {
		expect(GRAPHEME_BREAK_TABLE).toEqual(graphemeSplitterTable());
	});

	it('reads its property for every code point', () => {
		const property = graphemeSplitterProperties();
		const differing: string[] = [];
		for (let code = 0; code <= 0x10ffff; code++) {
			if (graphemeBreakProperty(code) !== property[code]) differing.push(code.toString(16));
		}
		expect(differing).toEqual([]);
	});

	it.each([
		['a Devanagari conjunct splits after the virama', 'क्ष', ['क्', 'ष']],
		['Thai sara am stays with its consonant', 'น้ำ', ['น้ำ']],
		['an emoji with a skin tone', '👍🏽', ['👍🏽']],
		['a skin tone after a letter stands alone', 'a🏽', ['a', '🏽']],
		['a ZWJ family', '👨‍👩‍👧', ['👨‍👩‍👧']],
		['a ZWJ sequence of Unicode 13 splits', '❤️‍🔥', ['❤️‍', '🔥']],
		['flags pair up', '🇮🇪🇫🇷🇩', ['🇮🇪', '🇫🇷', '🇩']],
		['CR LF is one', 'a\r\nb', ['a', '\r\n', 'b']],
		['Hangul syllables and jamo', '한\u1112\u1161\u11ab', ['한', '\u1112\u1161\u11ab']],
		['a lone surrogate', 'a\ud83d', ['a', '\ud83d']],
	])('%s', (_name, text, graphemes) => {
		expect(reference.splitGraphemes(text)).toEqual(graphemes);
		expect(splitGraphemes(text)).toEqual(graphemes);
	});

	it('splits like it on random text drawn from every property', () => {
		const property = graphemeSplitterProperties();
		// One code point per property value (the first of each), and some that make sequences.
		const samples = new Map<number, number>();
		for (let code = 0; code <= 0x1ffff && samples.size < 18; code++) if (!samples.has(property[code])) samples.set(property[code], code);
		const pool = [...samples.values(), 0xac00, 0xac01, 0x1f466, 0x1f3fb, 0x200d, 0x1f1ee, 0x0915, 0x094d, 0x0e33, 0xfe0f];
		let seed = 7;
		const next = (n: number): number => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed % n;
		};
		const differing: string[] = [];
		for (let round = 0; round < 3000; round++) {
			const length = 1 + next(8);
			const text = String.fromCodePoint(...Array.from({ length }, () => pool[next(pool.length)]));
			if (JSON.stringify(splitGraphemes(text)) !== JSON.stringify(reference.splitGraphemes(text))) differing.push(text);
		}
		expect(differing).toEqual([]);
	});
});
