import { SharedCache } from '../../nodes/Octopods/transport/cache';
import {
	channelFor,
	channelKey,
	channelSettings,
	DEFAULT_SETTINGS,
	forgetChannels,
	normaliseBaseUrl,
} from '../../nodes/Octopods/transport/channels';
import { settle } from '../support/fakeClock';

describe('channelKey: one budget per API key, the key never kept', () => {
	const key = 'octo-secret-key-123';

	it('is 16 hex characters that contain no part of the key', () => {
		const channel = channelKey(key);
		expect(channel).toMatch(/^[0-9a-f]{16}$/);
		expect(channel).not.toContain(key);
		expect(channel).not.toContain(key.slice(0, 6));
		expect(channelKey(`${key}x`)).not.toBe(channel);
	});

	it('shares one limiter between credentials of one key, and keeps keys apart', () => {
		forgetChannels();
		const one = channelFor(channelKey(key), DEFAULT_SETTINGS, 1);
		const same = channelFor(channelKey(key), { ...DEFAULT_SETTINGS, requests: 27 }, 2);
		const other = channelFor(channelKey('other'), DEFAULT_SETTINGS, 3);
		expect(same).toBe(one);
		expect(other).not.toBe(one);
		// The newest credential read sets the budget (27 per 10 s here), and a busy channel leaves others idle.
		expect(one.limiter.spacingMs).toBeCloseTo(10_250 / 27, 6);
		one.limiter.reserve(0);
		expect(one.limiter.nextSlot(0)).toBeGreaterThan(0);
		expect(other.limiter.nextSlot(0)).toBe(0);
		forgetChannels();
		expect(channelFor(channelKey(key), DEFAULT_SETTINGS)).not.toBe(one);
	});

	it('never lets a run that read the credential before an edit set the budget back', () => {
		forgetChannels();
		const channel = channelFor(channelKey(key), DEFAULT_SETTINGS, 1);
		channelFor(channelKey(key), { ...DEFAULT_SETTINGS, requests: 27 }, 2);
		// The long run that read the credential first (read 1) sends again with its old settings.
		channelFor(channelKey(key), DEFAULT_SETTINGS, 1);
		expect(channel.limiter.spacingMs).toBeCloseTo(10_250 / 27, 6);
		forgetChannels();
	});
});

describe('normaliseBaseUrl', () => {
	it('drops spaces and trailing slashes and lower-cases the scheme and host, not the path', () => {
		expect(normaliseBaseUrl(' HTTPS://App.Octopods.IO// ')).toBe('https://app.octopods.io');
		expect(normaliseBaseUrl('http://127.0.0.1:5680/Proxy/')).toBe('http://127.0.0.1:5680/Proxy');
	});
});

describe('channelSettings: the credential fields', () => {
	it('uses the defaults while Custom Limits and Timeouts is off, whatever the fields hold', () => {
		expect(channelSettings({ apiKey: 'k', rateLimitRequests: 5 })).toEqual(DEFAULT_SETTINGS);
		expect(DEFAULT_SETTINGS).toEqual({ requests: 55, processes: 1, windowMs: 10_000, templateCacheMs: 60_000, timeoutMs: 30_000 });
	});

	it('reads seconds as milliseconds, fractions included, and fills in what is left empty', () => {
		expect(
			channelSettings({
				customLimits: true,
				rateLimitRequests: 27,
				rateLimitWindowSeconds: 0.1,
				templateCacheSeconds: 0,
				requestTimeoutSeconds: '2.5',
			}),
		).toEqual({ requests: 27, processes: 1, windowMs: 100, templateCacheMs: 0, timeoutMs: 2500 });
		expect(channelSettings({ customLimits: true, rateLimitRequests: '' })).toEqual(DEFAULT_SETTINGS);
	});

	it('divides the budget by Processes Sharing This Key, with or without custom limits, rounding down', () => {
		expect(channelSettings({ processesSharingKey: 2 })).toEqual({ ...DEFAULT_SETTINGS, processes: 2, requests: 27 });
		expect(channelSettings({ processesSharingKey: '3' }).requests).toBe(18);
		expect(channelSettings({ processesSharingKey: 1 })).toEqual(DEFAULT_SETTINGS);
		expect(channelSettings({ processesSharingKey: '' })).toEqual(DEFAULT_SETTINGS);
		expect(channelSettings({ customLimits: true, rateLimitRequests: 10, processesSharingKey: 4 }).requests).toBe(2);
		// Never below one request per window, however many processes.
		expect(channelSettings({ processesSharingKey: 100 }).requests).toBe(1);
	});

	it.each([[0], [1.5], ['two']])('refuses Processes Sharing This Key %j, naming the field', (processesSharingKey) => {
		expect(() => channelSettings({ processesSharingKey })).toThrow(
			/^Processes Sharing This Key in the Octopods credential must be a whole number of at least 1/,
		);
	});

	it.each([
		[{ rateLimitRequests: 0 }, /^Rate Limit: Requests in the Octopods credential must be a whole number of at least 1 \(got 0\)$/],
		[{ rateLimitRequests: 2.5 }, /Rate Limit: Requests/],
		[{ rateLimitWindowSeconds: -1 }, /Rate Limit: Window \(Seconds\).*more than 0/],
		[{ templateCacheSeconds: 'soon' }, /Template Cache \(Seconds\).*0 or more/],
		[{ requestTimeoutSeconds: 0 }, /Request Timeout \(Seconds\)/],
	])('refuses %j, naming the field', (fields, message) => {
		expect(() => channelSettings({ customLimits: true, ...fields })).toThrow(message);
	});
});

describe('SharedCache: template look-ups shared across executions', () => {
	let time = 0;
	const now = () => time;

	it('keeps an answer for its time to live, counted from the answer', async () => {
		const cache = new SharedCache();
		const load = jest.fn(async () => ({ template_id: 539 }));
		time = 0;
		await cache.get('539', 60_000, now, load);
		time = 59_999;
		await cache.get('539', 60_000, now, load);
		expect(load).toHaveBeenCalledTimes(1);
		time = 60_000;
		await cache.get('539', 60_000, now, load);
		expect(load).toHaveBeenCalledTimes(2);
	});

	it('shares a pending look-up: a burst of callers makes one request', async () => {
		const cache = new SharedCache();
		let answer: (value: string) => void = () => {};
		const load = jest.fn(() => new Promise<string>((resolve) => (answer = resolve)));
		const callers = Array.from({ length: 10 }, () => cache.get('list', 60_000, now, load));
		await settle();
		answer('templates');
		expect(await Promise.all(callers)).toEqual(Array(10).fill('templates'));
		expect(load).toHaveBeenCalledTimes(1);
	});

	it('keeps no failure: the failed caller gets its error, those who joined it ask again themselves', async () => {
		const cache = new SharedCache();
		let fail: (error: Error) => void = () => {};
		const failing = jest.fn(() => new Promise<string>((_resolve, reject) => (fail = reject)));
		const first = cache.get('539', 60_000, now, failing);
		const joined = cache.get('539', 60_000, now, async () => 'own answer');
		await settle();
		fail(new Error('HTTP 500'));
		await expect(first).rejects.toThrow('HTTP 500');
		// The failure was not kept: the caller that joined it loaded again, with its own loader.
		await expect(joined).resolves.toBe('own answer');
		expect(cache.size).toBe(1);
	});
});
