import { ensureChromium } from '../../scripts/runtime/chromium';
import { ensureRuntime, SUPPORTED_N8N } from '../../scripts/runtime/provision';

// Provisions what the end-to-end suites need once, before they start, with its progress on the
// console (jest buffers what tests print): Node 24 with every supported n8n (the pinned 2.x for
// the full suite, the last 1.x too for the compatibility smoke; minutes each on a fresh machine)
// and Debian's Chromium for the editor test.
export default async function provision(): Promise<void> {
	const log = (message: string) => process.stdout.write(`[e2e setup] ${message}\n`);
	for (const release of SUPPORTED_N8N) {
		const startedAt = Date.now();
		await ensureRuntime({ log, release });
		log(`n8n ${release.version} ready in ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);
	}
	await ensureChromium({ log });
}
