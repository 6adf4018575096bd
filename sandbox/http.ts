/** Small helpers over Node's http module: body reading, recording and JSON replies. */
import type { IncomingMessage, ServerResponse } from 'http';

export const MAX_BODY_BYTES = 1024 * 1024;

/** The whole body as text, or null past MAX_BODY_BYTES (the rest is drained so the reply can be read). */
export function readBody(request: IncomingMessage): Promise<string | null> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		request.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

export function recordedBody(rawBody: string | null): unknown {
	if (rawBody === null || rawBody === '') return null;
	try {
		return JSON.parse(rawBody);
	} catch {
		return rawBody;
	}
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	response.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	response.end(text);
}

export function sendText(response: ServerResponse, status: number, text: string, contentType: string): void {
	response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
	response.end(text);
}
