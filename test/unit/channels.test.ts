import { SharedCache } from '../../nodes/Octopods/transport/cache';
import {
	channelFor,
	channelKey,
	channelSettings,
	DEFAULT_SETTINGS,
	forgetChannels,
} from '../../nodes/Octopods/transport/channels';
import { settle } from '../support/fakeClock';

describe('channelKey: one budget per API key and base URL, the key never kept', () => {
	const key = 'octo-secret-key-123';

	it('is 16 hex characters that contain no part of the key', () => {
		const channel = channelKey('https://app.octopods.io', key);
		expect(channel).toMatch(/^[0-9a-f]{16}$/);
		expect(channel).not.toContain(key);
		expect(channel).not.toContain(key.slice(0, 6));
	});

	it('is the same for the same channel, trailing slashes aside, and differs otherwise', () => {
		const channel = channelKey('https://app.octopods.io', key);
		expect(channelKey('https://app.octopods.io/', key)).toBe(channel);
		expect(channelKey(' https://app.octopods.io// ', key)).toBe(channel);
		expect(channelKey('https://api.octopods.io', key)).not.toBe(channel);
		expect(channelKey('https://app.octopods.io', `${key}x`)).not.toBe(channel);
	});

	it('shares one limiter between credentials of one channel, and keeps channels apart', () => {
		forgetChannels();
		const one = channelFor(channelKey('https://app.octopods.io', key), DEFAULT_SETTINGS);
		const same = channelFor(channelKey('https://app.octopods.io/', key), { ...DEFAULT_SETTINGS, requests: 27 });
		const other = channelFor(channelKey('https://app.octopods.io', 'other'), DEFAULT_SETTINGS);
		expect(same).toBe(one);
		expect(other).not.toBe(one);
		// The latest credential's budget wins (27 per 10 s here), and a busy channel leaves others idle.
		expect(one.limiter.spacingMs).toBeCloseTo(10_250 / 27, 6);
		one.limiter.reserve(0);
		expect(one.limiter.nextSlot(0)).toBeGreaterThan(0);
		expect(other.limiter.nextSlot(0)).toBe(0);
		forgetChannels();
		expect(channelFor(channelKey('https://app.octopods.io', key), DEFAULT_SETTINGS)).not.toBe(one);
	});
});

describe('channelSettings: the credential fields', () => {
	it('uses the defaults while Custom Limits and Timeouts is off, whatever the fields hold', () => {
		expect(channelSettings({ apiKey: 'k', rateLimitRequests: 5 })).toEqual(DEFAULT_SETTINGS);
		expect(DEFAULT_SETTINGS).toEqual({ requests: 55, windowMs: 10_000, templateCacheMs: 60_000, timeoutMs: 30_000 });
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
		).toEqual({ requests: 27, windowMs: 100, templateCacheMs: 0, timeoutMs: 2500 });
		expect(channelSettings({ customLimits: true, rateLimitRequests: '' })).toEqual(DEFAULT_SETTINGS);
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
