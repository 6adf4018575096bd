/** `npm run sandbox`: the sandbox as a standalone process for the demo and end-to-end tests. */
import {
	DEFAULT_RATE_LIMIT,
	templatesOf,
	UNKNOWN_FIRST_SUFFIX,
	mediaHeaderFormat,
	OUTSIDE_WINDOW_SUFFIX,
	requiredVariables,
	startSandbox,
	UNREACHABLE_SUFFIX,
	HELD_SUFFIX,
	inboxLogLine,
	type Sandbox,
	type SandboxOptions,
} from './server';
import { answerStyleFromEnv } from './env';

function readOptions(env: NodeJS.ProcessEnv): SandboxOptions {
	const port = Number(env.SANDBOX_PORT || '5680');
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new Error(`SANDBOX_PORT must be a port number 0-65535 (got "${env.SANDBOX_PORT}").`);
	}
	const timeScale = Number(env.SANDBOX_TIME_SCALE || '1');
	if (!Number.isFinite(timeScale) || timeScale < 0) {
		throw new Error(`SANDBOX_TIME_SCALE must be a number >= 0 (got "${env.SANDBOX_TIME_SCALE}").`);
	}
	const rateLimit = (env.SANDBOX_RATE_LIMIT || 'on').toLowerCase();
	if (rateLimit !== 'on' && rateLimit !== 'off') {
		throw new Error(`SANDBOX_RATE_LIMIT must be "on" or "off" (got "${env.SANDBOX_RATE_LIMIT}").`);
	}
	return {
		port,
		host: env.SANDBOX_HOST || '127.0.0.1',
		...answerStyleFromEnv(env),
		apiKey: env.SANDBOX_API_KEY || undefined,
		timeScale,
		rateLimit: rateLimit === 'off' ? false : undefined,
		// Method, path and status only: the key travels in a header and must never reach a log.
		onRequest: (request) => {
			console.log(`${new Date(request.at).toISOString()} ${request.method} ${request.path} ${request.status}`);
		},
		onMessage: (message) => {
			const line = inboxLogLine(message);
			if (line !== null) console.log(line);
		},
	};
}

function describe(sandbox: Sandbox, options: SandboxOptions): string {
	const scale = options.timeScale ?? 1;
	const { requests, windowMs, cooldownMs } = DEFAULT_RATE_LIMIT;
	const limit =
		options.rateLimit === false
			? 'off'
			: `${requests} requests per ${(windowMs * scale) / 1000} s, then a ${(cooldownMs * scale) / 1000} s cool-down`;
	const templates = templatesOf(sandbox.generation).map((template) => {
		const counts = requiredVariables(template);
		const media = mediaHeaderFormat(template);
		const variables = `variables: header ${counts.header}, body ${counts.body}, buttons ${counts.buttons}`;
		const state = `${template.active ? 'active' : 'inactive'}${template.template_status ? `, ${template.template_status}` : ''}`;
		const name = template.template_name.padEnd(18);
		const header = media ? `; ${media} header` : '';
		return `  ${String(template.template_id).padEnd(5)}  ${name} ${(template.lang ?? '-').padEnd(5)}  ${state.padEnd(20)} ${variables}${header}`;
	});
	return [
		`Octopods sandbox listening on ${sandbox.url}`,
		`  API key, interactive enabled:      ${sandbox.apiKey}`,
		`  API key, interactive not enabled:  ${sandbox.noInteractiveApiKey}`,
		`  API key, deprecated (401 code 6):  ${sandbox.deprecatedApiKey}`,
		`  generation ${sandbox.generation}${sandbox.generation === '2026' ? ` (status style ${sandbox.statusStyle})` : ''}; time scale ${scale}; rate limit ${limit}`,
		`  numbers ending ${UNREACHABLE_SUFFIX} end FAILED (63003); numbers ending ${HELD_SUFFIX} stay SENT until set`,
		`  interactive sends to numbers ending ${OUTSIDE_WINDOW_SUFFIX} end FAILED (131047, outside the 24-hour window)`,
		...(sandbox.generation === '2026' && sandbox.statusStyle === 'uppercase'
			? [`  numbers ending ${UNKNOWN_FIRST_SUFFIX} read UNKNOWN until delivered`]
			: []),
		`  inbox: ${sandbox.url}/__sandbox/inbox (the latest messages and their links; ?format=json)`,
		`  control: GET ${sandbox.url}/__sandbox/requests, POST ${sandbox.url}/__sandbox/reset,`,
		`           GET/POST ${sandbox.url}/__sandbox/faults (fault injection: see sandbox/faults.ts),`,
		`           POST ${sandbox.url}/__sandbox/messages/status {"ids": [1000], "status": "FAILED"} (statuses on demand)`,
		`           POST ${sandbox.url}/__sandbox/templates {"id": 539, "action": "pause"} (template changes; also on the inbox page)`,
		'Seeded templates:',
		...templates,
	].join('\n');
}

async function main(): Promise<void> {
	const options = readOptions(process.env);
	const sandbox = await startSandbox(options);
	console.log(describe(sandbox, options));
	const stop = (signal: string): void => {
		console.log(`${signal}: stopping the sandbox.`);
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
	console.error(`Octopods sandbox could not start: ${error.message}`);
	process.exit(1);
});
