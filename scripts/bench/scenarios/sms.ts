// `npm run bench -- --sms` (issue 19): the SMS channel's own budget in a real n8n. A batch of SMS in
// one execution at the documented limit (55 per 10 s per key), then a WhatsApp batch and an SMS batch
// at the same time, each in its own `n8n execute`, against one sandbox whose two keys each have that
// limit: together they go past one key's ceiling, so neither may be paced by, nor trip, the other.
import { startSandbox, type ReceivedRequest, type Sandbox } from '../../../sandbox/server';
import type { BenchN8n } from '../benchN8n';
import { CEILING_PER_MINUTE } from './throughput';
import { octopodsBatchWorkflow, smsBatchWorkflow, NODE_UNDER_TEST, type Workflow } from '../workflows';
import type { BenchCredential } from '../benchN8n';

const API_KEY = 'octo-bench-sms-whatsapp-key-71a2';
const IDS = { whatsapp: 'BenchSmsWaCred01', sms: 'BenchSmsCredent1' } as const;
const WORKFLOWS = { smsAlone: 'BenchSmsAlone001', smsTogether: 'BenchSmsTogethr1', whatsappTogether: 'BenchWaTogether1' } as const;

export interface ChannelFigures {
	accepted: number;
	refused429: number;
	/** Accepted sends per minute, from the channel's first request to its last accepted send. */
	perMinute: number;
	percentOfCeiling: number;
	itemsOut: number;
}

export interface SmsBenchResult {
	records: number;
	alone: ChannelFigures;
	together: { sms: ChannelFigures; whatsapp: ChannelFigures; wallMs: number };
}

export function smsBenchSetup(records: number, sandbox: Sandbox): { credentials: BenchCredential[]; workflows: Workflow[] } {
	return {
		credentials: [
			{ id: IDS.whatsapp, name: IDS.whatsapp, type: 'octopodsApi', data: { apiKey: sandbox.apiKey, baseUrl: sandbox.url } },
			{ id: IDS.sms, name: IDS.sms, type: 'octopodsSmsApi', data: { apiKey: sandbox.smsApiKey, baseUrl: sandbox.url } },
		],
		workflows: [
			smsBatchWorkflow(WORKFLOWS.smsAlone, records, IDS.sms),
			smsBatchWorkflow(WORKFLOWS.smsTogether, records, IDS.sms),
			octopodsBatchWorkflow(WORKFLOWS.whatsappTogether, records, { credentialId: IDS.whatsapp }),
		],
	};
}

export async function startSmsBenchSandbox(): Promise<Sandbox> {
	// The documented limit in real time, per key: 55 per 10 s, then a 5-minute cool-down.
	return await startSandbox({ apiKey: API_KEY });
}

function figures(received: readonly ReceivedRequest[], channel: string, itemsOut: number): ChannelFigures {
	const mine = received.filter((request) => request.channel === channel);
	const sends = mine.filter((request) => request.method === 'POST' && request.accepted);
	const first = mine.reduce((at, request) => Math.min(at, request.at), Infinity);
	const last = sends.reduce((at, request) => Math.max(at, request.at), -Infinity);
	const perMinute = sends.length > 1 ? (sends.length / (last - first)) * 60_000 : 0;
	return {
		accepted: sends.length,
		refused429: mine.filter((request) => request.status === 429).length,
		perMinute,
		percentOfCeiling: (perMinute / CEILING_PER_MINUTE) * 100,
		itemsOut,
	};
}

export async function runSmsBench(n8n: BenchN8n, sandbox: Sandbox, records: number, log: (message: string) => void): Promise<SmsBenchResult> {
	sandbox.reset();
	log(`sms 1/2: ${records} SMS in one execution at the real limit`);
	const alone = await n8n.execute(WORKFLOWS.smsAlone);
	const aloneFigures = figures(sandbox.received, 'sms', alone.node(NODE_UNDER_TEST).items.length);
	sandbox.reset();
	log(`sms 2/2: ${records} WhatsApp templates and ${records} SMS at the same time`);
	const startedAt = Date.now();
	const [sms, whatsapp] = await Promise.all([n8n.execute(WORKFLOWS.smsTogether), n8n.execute(WORKFLOWS.whatsappTogether)]);
	const wallMs = Date.now() - startedAt;
	return {
		records,
		alone: aloneFigures,
		together: {
			sms: figures(sandbox.received, 'sms', sms.node(NODE_UNDER_TEST).items.length),
			whatsapp: figures(sandbox.received, 'main', whatsapp.node(NODE_UNDER_TEST).items.length),
			wallMs,
		},
	};
}

export function renderSmsBench(result: SmsBenchResult, stamp: string): string {
	const row = (name: string, f: ChannelFigures) =>
		`| ${name} | ${f.itemsOut} | ${f.accepted} | ${f.refused429} | ${f.perMinute.toFixed(0)} | ${f.percentOfCeiling.toFixed(1)} % |`;
	return [
		`Figures of \`npm run bench -- --sms\` (${result.records} records per batch, the sandbox's real-time limit of 55 requests per 10 s per key, n8n 2.41.1). ${stamp}`,
		'',
		'| batch | items out | sends accepted | 429s | sends per minute | of the 330/min ceiling |',
		'| --- | --- | --- | --- | --- | --- |',
		row('SMS alone', result.alone),
		row('SMS, with WhatsApp at the same time', result.together.sms),
		row('WhatsApp, with SMS at the same time', result.together.whatsapp),
		'',
		`Together: ${result.together.sms.accepted + result.together.whatsapp.accepted} sends in ${(result.together.wallMs / 1000).toFixed(1)} s (each \`n8n execute\` included), past one key's ceiling: each channel kept its own budget.`,
	].join('\n');
}
