import { ensureChromium } from '../../scripts/runtime/chromium';
import { ensureRuntime } from '../../scripts/runtime/provision';

// Provisions what the end-to-end suites need once, before they start, with its progress on the
// console (jest buffers what tests print): Node 24 + n8n 2.41.1 (minutes on a fresh machine) and
// Debian's Chromium for the editor test.
export default async function provision(): Promise<void> {
	const log = (message: string) => process.stdout.write(`[e2e setup] ${message}\n`);
	await ensureRuntime({ log });
	await ensureChromium({ log });
}
