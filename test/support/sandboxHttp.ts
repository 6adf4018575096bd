import type { Sandbox } from '../../sandbox/server';

export type Json = Record<string, unknown>;
export interface Reply<T> {
	status: number;
	body: T;
	headers: Headers;
}

/** One API call to a sandbox; `key: null` sends no auth header; a string body is sent as is. */
export async function call<T = Json>(
	sandbox: Sandbox,
	method: string,
	path: string,
	options: { key?: string | null; body?: unknown } = {},
): Promise<Reply<T>> {
	const key = options.key === undefined ? sandbox.apiKey : options.key;
	const headers: Record<string, string> = { 'Content-Type': 'application/json' };
	if (key !== null) headers['X-Octopods-Auth'] = key;
	const body =
		options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
	const response = await fetch(sandbox.url + path, { method, headers, body });
	return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

/** Sends template 544 (no variables) to each number straight to the sandbox, one after another; their message IDs. */
export async function sendTo(sandbox: Pick<Sandbox, 'url' | 'apiKey'>, phones: string[]): Promise<number[]> {
	const ids: number[] = [];
	for (const phone of phones) {
		const reply = await call<{ message_id: number }>(sandbox as Sandbox, 'POST', '/api/v1/whatsapp/templates/544/messages', {
			body: { destination_phone: phone },
		});
		ids.push(reply.body.message_id);
	}
	return ids;
}
