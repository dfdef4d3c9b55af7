import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_BACKOFF } from '../src/login-backoff.js';
import { DEFAULT_SERVER_OPTIONS, resolveServerOptions, type GlossaServerOptions } from '../src/options.js';
import { GlossaServer } from '../src/server.js';
import { TokenBucket } from '../src/rate-limit.js';
import { parseDuration } from '@glossa/store';
import { backgroundCheckpointer, storagePragma } from '@glossa/store/testing';

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 10, burst: 5 }, () => now);
    const burst = Array.from({ length: 6 }, () => bucket.take());
    expect(burst).toEqual([true, true, true, true, true, false]);
    now += 100;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 10_000;
    expect(Array.from({ length: 6 }, () => bucket.take()).filter(Boolean)).toHaveLength(5);
  });

  it.each([[{ perSecond: 0, burst: 1 }], [{ perSecond: 1, burst: 0 }], [{ perSecond: Number.NaN, burst: 1 }]])('refuses the limit %j', (limit) => {
    expect(() => new TokenBucket(limit)).toThrow(RangeError);
  });
});

describe('parseDuration', () => {
  it.each([
    ['45s', 45_000],
    ['15m', 900_000],
    ['12h', 43_200_000],
    ['30d', 2_592_000_000],
    ['2w', 1_209_600_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each([['30'], ['d'], ['0d'], ['1y'], ['-1d'], ['1.5h'], ['']])('refuses %j with a message', (text) => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/duration/);
  });
});

describe('resolveServerOptions', () => {
  it('merges the options over the documented defaults', () => {
    const resolved = resolveServerOptions({ dataDir: '/tmp/x', port: 0, maxMessageSize: undefined });
    expect(resolved).toEqual({ ...DEFAULT_SERVER_OPTIONS, dataDir: '/tmp/x', port: 0 });
    expect(resolved.maxMessageSize).toBe(8 * 1024 * 1024);
    expect(resolved.host).toBe('127.0.0.1');
  });

  it.each([
    [{ dataDir: '' }, /dataDir/],
    [{ dataDir: 'd', port: 70000 }, /port/],
    [{ dataDir: 'd', maxMessageSize: 0 }, /maxMessageSize/],
    [{ dataDir: 'd', allowedOrigins: ['example.org'] }, /allowedOrigins/],
    [{ dataDir: 'd', allowedOrigins: ['https://example.org/'] }, /should be written https:\/\/example.org/],
    [{ dataDir: 'd', fsync: 'yes' as unknown as boolean }, /fsync must be true or false, got "yes"/],
  ])('refuses %j', (options, message) => {
    expect(() => resolveServerOptions(options)).toThrow(message);
  });

  it.each([
    [{ updateRate: { perSecond: 0, burst: 10 } }, /updateRate/],
    [{ updateRate: { perSecond: 10, burst: 0.5 } }, /updateRate/],
    [{ awarenessRate: { perSecond: Number.NaN, burst: 10 } }, /awarenessRate/],
    [{ loginBackoff: { ...DEFAULT_LOGIN_BACKOFF, freeAttempts: -1 } }, /loginBackoff/],
    [{ loginBackoff: { ...DEFAULT_LOGIN_BACKOFF, maxDelayMs: 1 } }, /loginBackoff/],
  ] as [Partial<GlossaServerOptions>, RegExp][])('refuses %j with a RangeError naming the option', (options, message) => {
    expect(() => resolveServerOptions({ dataDir: 'd', ...options })).toThrow(RangeError);
    expect(() => resolveServerOptions({ dataDir: 'd', ...options })).toThrow(message);
  });

  it('refuses bad options before the data directory is created', () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'glossa-options-'));
    try {
      const dataDir = path.join(parent, 'data');
      expect(() => new GlossaServer({ dataDir, loginBackoff: { ...DEFAULT_LOGIN_BACKOFF, baseDelayMs: 0 } })).toThrow(/loginBackoff/);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it.each([
    [undefined, 1, 'NORMAL: a commit survives a crash of the process'],
    [false, 1, 'NORMAL'],
    [true, 2, 'FULL: a commit survives a power loss'],
  ] as [boolean | undefined, number, string][])('with fsync %j opens storage with synchronous=%j (%s) and checkpoints in a worker', async (fsync, synchronous) => {
    const parent = mkdtempSync(path.join(tmpdir(), 'glossa-options-'));
    const server = new GlossaServer({ dataDir: parent, fsync });
    try {
      expect(storagePragma(server.data, 'synchronous')).toBe(synchronous);
      expect(storagePragma(server.data, 'wal_autocheckpoint')).toBe(0);
      expect(backgroundCheckpointer(server.data)?.hasFailed).toBe(false);
    } finally {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
