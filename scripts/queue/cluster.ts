// n8n in queue mode, as n8n documents it (docs.n8n.io, "Enable queue mode"): one main that takes
// webhooks and the editor, Redis holding the queue, and workers (`n8n worker`) running the
// executions, all on one PostgreSQL database with one encryption key. Each n8n process has its own
// user folder with this package installed as a community node (the packed tarball, as a
// self-hosted user installs it), its own task-runner broker port and its own log.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, rest, setupOwner, startN8n, type N8nServer } from '../runtime/n8n';
import { installPackage } from '../runtime/package';
import { ensureRuntime } from '../runtime/provision';
import { ensureServices, startPostgres, startRedis, type Postgres, type Service } from './services';

export const OWNER = { email: 'queue@octopods.local', password: 'Octopods-Queue-1', firstName: 'Queue', lastName: 'Mode' };

export interface QueueClusterOptions {
	workers: number;
	/** Jobs each worker runs at once (n8n's default: 10). */
	concurrency?: number;
	log: (message: string) => void;
	/** Filled with the process groups started (n8n processes, Redis, PostgreSQL) as they start. */
	groups?: Set<number>;
}

export interface WorkerLog {
	name: string;
	executions: Set<string>;
	/** Requests per window the node kept after each cool-down others caused, in order. */
	keptRequests: number[];
}

export interface Worker {
	name: string;
	server: N8nServer;
}

/** The environment every process of the cluster shares: the queue, the database. */
function queueEnv(redis: Service, postgres: Postgres): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// Manual runs from the editor go to the workers too, as every other execution.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		N8N_LOG_LEVEL: 'info',
	};
}

export class QueueCluster {
	private stopped = false;

	private constructor(
		readonly main: N8nServer,
		readonly workers: Worker[],
		/** The main's REST session (owner). */
		readonly cookie: string,
		private readonly parts: { services: Service[]; folders: string[]; servers: N8nServer[]; onExit: () => void },
	) {}

	static async start({ workers: count, concurrency = 10, log, groups = new Set() }: QueueClusterOptions): Promise<QueueCluster> {
		ensureServices(log);
		const runtime = await ensureRuntime({ log });
		const services: Service[] = [];
		const folders: string[] = [];
		const servers: N8nServer[] = [];
		const cleanUp = async () => {
			await Promise.all(servers.map((server) => server.stop()));
			for (const service of services.reverse()) service.stop();
			for (const folder of folders) rmSync(folder, { recursive: true, force: true });
		};
		// Ctrl-C or a crash: leave through process.exit, whose handlers stop the processes (see startN8n
		// and services.ts) and this one removes the user folders.
		const onExit = () => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
		process.once('exit', onExit);
		try {
			const redis = await startRedis(log);
			services.push(redis);
			const postgres = await startPostgres(log);
			services.push(postgres);
			for (const service of services) if (service.group) groups.add(service.group);
			// Workers make Send and Wait's links: without the main's address as WEBHOOK_URL they would
			// point at the worker's own port, which serves no waiting webhook.
			const mainPort = await freePort();
			const env = { ...queueEnv(redis, postgres), WEBHOOK_URL: `http://127.0.0.1:${mainPort}/` };
			const userFolder = async (name: string) => {
				const folder = mkdtempSync(join(tmpdir(), `octopods-queue-${name}-`));
				folders.push(folder);
				await installPackage(folder, { log });
				return folder;
			};
			// The main first: it runs the database migrations the workers wait for.
			const main = await startN8n({ runtime, port: mainPort, userFolder: await userFolder('main'), env, log });
			servers.push(main);
			if (main.process.pid) groups.add(main.process.pid);
			const cookie = await setupOwner(main.url, OWNER);
			const workers = await Promise.all(
				Array.from({ length: count }, async (_, index) => {
					const port = await freePort();
					const server = await startN8n({
						runtime,
						port,
						userFolder: await userFolder(`worker${index + 1}`),
						command: ['worker', `--concurrency=${concurrency}`],
						env: { ...env, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port) },
						log: (message) => log(`worker ${index + 1}: ${message}`),
					});
					servers.push(server);
					if (server.process.pid) groups.add(server.process.pid);
					return { name: `worker ${index + 1}`, server };
				}),
			);
			return new QueueCluster(main, workers, cookie, { services, folders, servers, onExit });
		} catch (error) {
			await cleanUp();
			process.removeListener('exit', onExit);
			throw error;
		}
	}

	async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		return (await rest(this.main.url, this.cookie, method, path, body)) as T;
	}

	/**
	 * What each worker's log says so far: the executions it finished ("Worker finished execution
	 * <id>"), and the budgets the node kept after cool-downs others caused (its warning).
	 */
	async workerLogs(): Promise<WorkerLog[]> {
		return await Promise.all(
			this.workers.map(async ({ name, server }) => {
				const text = await readFile(server.logFile, 'utf8').catch(() => '');
				const executions = new Set([...text.matchAll(/Worker finished execution (\S+)/g)].map((match) => match[1]));
				const keptRequests = [...text.matchAll(/This process now keeps (\d+) requests per window/g)].map((match) => Number(match[1]));
				return { name, executions, keptRequests };
			}),
		);
	}

	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		const { services, servers, onExit } = this.parts;
		await Promise.all(servers.map((server) => server.stop()));
		for (const service of [...services].reverse()) service.stop();
		onExit();
		process.removeListener('exit', onExit);
	}
}
