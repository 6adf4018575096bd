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
