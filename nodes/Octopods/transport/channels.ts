/**
 * Process-wide state per Octopods channel: the request budget (with Octopods' cool-down) and the
 * short-lived answer cache. A channel is what Octopods limits: one API key (a key belongs to one
 * WhatsApp channel), whatever address it is used at (app. or api.octopods.io). It is named by a
 * short SHA-256 of the key, so the key itself is never held as a map key, logged or shown.
 *
 * This module is loaded once per n8n process (n8n requires node files through its own module
 * cache), so every execution of every Octopods node in the process shares these budgets. In queue
 * mode each worker is its own process: the credential's Processes Sharing This Key divides the
 * budget between them, and the limiter learns from cool-downs others caused (rateLimiter.ts).
 */
import { createHash } from 'crypto';

import { SharedCache } from './cache';
import { RateLimiter } from './rateLimiter';

export interface ChannelSettings {
	/** Requests per window for this process (Octopods: 55 per 10 s, divided by the processes sharing the key). */
	requests: number;
	/** How many processes send with the key (Processes Sharing This Key): the budget is divided by it. */
	processes: number;
	windowMs: number;
	/** How long template look-ups are kept; 0 keeps them for one execution only. */
	templateCacheMs: number;
	/** How long one request may take before it is abandoned. */
	timeoutMs: number;
}

export const DEFAULT_SETTINGS: ChannelSettings = {
	requests: 55,
	processes: 1,
	windowMs: 10_000,
	templateCacheMs: 60_000,
	timeoutMs: 30_000,
};

/** The credential fields this module reads (see credentials/OctopodsApi.credentials.ts). */
export interface ChannelCredentials {
	apiKey?: unknown;
	baseUrl?: unknown;
	processesSharingKey?: unknown;
	customLimits?: unknown;
	rateLimitRequests?: unknown;
	rateLimitWindowSeconds?: unknown;
	templateCacheSeconds?: unknown;
	requestTimeoutSeconds?: unknown;
}

/** A credential field holds a value the transport cannot use; the message names the field. */
export class ChannelSettingsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ChannelSettingsError';
	}
}

function numberField(
	value: unknown,
	label: string,
	fallback: number,
	check: (n: number) => boolean,
	rule: string,
): number {
	if (value === undefined || value === null || value === '') return fallback;
	const number = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(number) || !check(number)) {
		throw new ChannelSettingsError(`${label} in the Octopods credential must be ${rule} (got ${String(value)})`);
	}
	return number;
}

/**
 * The credential's limits (the defaults when Custom Limits and Timeouts is off), the request
 * budget divided by Processes Sharing This Key (rounded down: 55 over 2 is 27 each, 54 together).
 */
export function channelSettings(credentials: ChannelCredentials): ChannelSettings {
	const processes = numberField(
		credentials.processesSharingKey,
		'Processes Sharing This Key',
		1,
		(n) => Number.isInteger(n) && n >= 1,
		'a whole number of at least 1',
	);
	const limits = customLimits(credentials);
	return { ...limits, processes, requests: Math.max(1, Math.floor(limits.requests / processes)) };
}

function customLimits(credentials: ChannelCredentials): ChannelSettings {
	if (credentials.customLimits !== true) return { ...DEFAULT_SETTINGS };
	const defaults = DEFAULT_SETTINGS;
	return {
		processes: 1,
		requests: numberField(
			credentials.rateLimitRequests,
			'Rate Limit: Requests',
			defaults.requests,
			(n) => Number.isInteger(n) && n >= 1,
			'a whole number of at least 1',
		),
		windowMs:
			numberField(
				credentials.rateLimitWindowSeconds,
				'Rate Limit: Window (Seconds)',
				defaults.windowMs / 1000,
				(n) => n > 0,
				'more than 0',
			) * 1000,
		templateCacheMs:
			numberField(
				credentials.templateCacheSeconds,
				'Template Cache (Seconds)',
				defaults.templateCacheMs / 1000,
				(n) => n >= 0,
				'0 or more',
			) * 1000,
		timeoutMs:
			numberField(
				credentials.requestTimeoutSeconds,
				'Request Timeout (Seconds)',
				defaults.timeoutMs / 1000,
				(n) => n > 0,
				'more than 0',
			) * 1000,
	};
}

/** The base URL without surrounding spaces or trailing slashes, its scheme and host in lower case. */
export function normaliseBaseUrl(baseUrl: unknown): string {
	const trimmed = String(baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
	return trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, (origin) => origin.toLowerCase());
}

/** 16 hex characters of SHA-256 of the API key: enough to tell channels apart, useless to recover the key. */
export function channelKey(apiKey: unknown): string {
	return createHash('sha256')
		.update(String(apiKey ?? ''))
		.digest('hex')
		.slice(0, 16);
}

export interface Channel {
	key: string;
	limiter: RateLimiter;
	/** Answers are kept per address (see the transport's cache key): two servers answer differently. */
	cache: SharedCache;
	/** Which credential read set the budget: an older read (a run started before an edit) never overrides a newer one. */
	settingsRead: number;
}

const channels = new Map<string, Channel>();

/**
 * The channel's shared state, its budget set from the credential as read by the most recently
 * started run (`read` counts credential reads): a long run that read the credential before an edit
 * keeps its requests on the channel but no longer sets its budget.
 */
export function channelFor(key: string, settings: ChannelSettings, read = 0): Channel {
	// A request is answered or abandoned within its timeout; twice that plus a window is beyond doubt.
	const maxFlightMs = settings.timeoutMs * 2 + settings.windowMs;
	const budget = { requests: settings.requests, windowMs: settings.windowMs, maxFlightMs };
	let channel = channels.get(key);
	if (!channel) {
		channel = { key, limiter: new RateLimiter(budget), cache: new SharedCache(), settingsRead: read };
		channels.set(key, channel);
	} else if (read >= channel.settingsRead) {
		channel.limiter.configure(budget);
		channel.settingsRead = read;
	}
	return channel;
}

/**
 * Forgets every channel's budget history, cool-down and cache. For tests, which restart the
 * sandbox's own counters between cases; n8n never needs it (a restart forgets them too).
 */
export function forgetChannels(): void {
	channels.clear();
}
