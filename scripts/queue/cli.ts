// `npm run queue`: n8n in queue mode with this package, to try by hand: Redis, PostgreSQL, a main
// and two workers of the pinned n8n, and the Octopods sandbox with Octopods' limit in real time. It
// signs up an owner, saves a credential for the sandbox (Processes Sharing This Key = 2) and
// prints where everything is. Ctrl-C stops and removes all of it.
import { startSandbox } from '../../sandbox/server';
import { OWNER, QueueCluster } from './cluster';

const WORKERS = 2;

function log(message: string): void {
	process.stdout.write(`[queue] ${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

/** Ctrl-C while starting leaves through process.exit, whose handlers stop what had started; once up, it stops gracefully. */
let started = false;
const signalled = new Promise<void>((resolve) => {
	const onSignal = () => (started ? resolve() : process.exit(130));
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
});

async function main(): Promise<void> {
	const sandbox = await startSandbox({});
	const cluster = await QueueCluster.start({ workers: WORKERS, log });
	await cluster.rest('POST', '/rest/credentials', {
		name: 'Octopods Sandbox (queue mode)',
		type: 'octopodsApi',
		data: { apiKey: sandbox.apiKey, baseUrl: sandbox.url, processesSharingKey: WORKERS },
	});
	log(`sandbox: ${sandbox.url} (API key ${sandbox.apiKey}; 55 requests per 10 s, then a 5-minute cool-down)`);
	log(`n8n main: ${cluster.main.url} (sign in as ${OWNER.email} / ${OWNER.password}); workers' logs:`);
	for (const { name, server } of cluster.workers) log(`  ${name}: ${server.logFile}`);
	log('credential "Octopods Sandbox (queue mode)" saved. Ctrl-C stops everything.');
	started = true;
	await signalled;
	log('stopping');
	await cluster.stop();
	await sandbox.close();
}

// A failure while starting: exit, so the exit handlers stop whatever had started.
main().then(
	() => process.exit(0),
	(error: Error) => {
		process.stderr.write(`[queue] FAILED: ${error.stack ?? error.message}\n`);
		process.exit(1);
	},
);
