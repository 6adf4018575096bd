/** JSON.parse's outcome as a value, so a caller raises its own typed error naming the field. */
export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: SyntaxError };

export function parseJson(text: string): JsonParseResult {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (error) {
		// JSON.parse of a string throws nothing but SyntaxError.
		return { ok: false, error: error as SyntaxError };
	}
}
