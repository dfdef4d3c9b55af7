/**
 * An npm registry on 127.0.0.1 for installing packed packages into a scratch
 * project without the network. It answers package metadata for every
 * third-party package version the workspace's lockfile pins (the tarballs of
 * those are in the pnpm store already, so a package manager never asks for
 * them) and serves the packed tarballs it is given. A request for a tarball
 * it does not hold is answered 404 and remembered, so a test can say which
 * package the store lacked.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { readTar } from './tar.js';

/** One version of a package as the registry describes it (a "packument" version). */
type VersionManifest = Record<string, unknown> & { readonly name: string; readonly version: string; readonly dist: { readonly integrity: string; readonly tarball: string } };

/** A running registry. */
export interface LocalRegistry {
  /** The registry's URL, ending with `/`. */
  readonly url: string;
  /** `name@version` of every tarball asked for that the registry does not hold. */
  readonly missingTarballs: readonly string[];
  /** The names of the packages whose tarballs it served. */
  readonly servedTarballs: readonly string[];
  close(): Promise<void>;
}

/** A lockfile entry of `packages:` (v9): what the registry said about one version. */
interface LockedPackage {
  readonly resolution?: { readonly integrity?: string };
  readonly engines?: Record<string, string>;
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly libc?: readonly string[];
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, unknown>;
}

/** A lockfile entry of `snapshots:` (v9): the versions one install resolved a package's dependencies to. */
interface LockedSnapshot {
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

interface Lockfile {
  readonly lockfileVersion: string;
  readonly packages?: Record<string, LockedPackage>;
  readonly snapshots?: Record<string, LockedSnapshot>;
}

/** Splits `name@version` (the name may be scoped) and drops a peer suffix such as `(yjs@13.6.33)`. */
function splitKey(key: string): { name: string; version: string } {
  const bare = key.split('(')[0] ?? key;
  const at = bare.lastIndexOf('@');
  if (at <= 0) throw new Error(`lockfile key ${JSON.stringify(key)} is not name@version`);
  return { name: bare.slice(0, at), version: bare.slice(at + 1) };
}

/** A snapshot's dependencies without the packages it takes as peers, versions without their peer suffixes. */
function plainDependencies(dependencies: Record<string, string> | undefined, peers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (dependencies === undefined) return undefined;
  const entries = Object.entries(dependencies)
    .filter(([name]) => peers?.[name] === undefined)
    .map(([name, version]) => [name, version.split('(')[0] ?? version] as const);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function tarballUrl(registry: string, name: string, version: string): string {
  return `${registry}${name}/-/${name.split('/').pop() ?? name}-${version}.tgz`;
}

/**
 * The registry manifests of the third-party package versions a pnpm v9
 * lockfile pins, by package name and version.
 * @throws Error when the lockfile is not version 9.
 */
export function lockedManifests(lockfilePath: string, registry: string): Map<string, Map<string, VersionManifest>> {
  const lockfile = parse(readFileSync(lockfilePath, 'utf8')) as Lockfile;
  if (!String(lockfile.lockfileVersion).startsWith('9.')) throw new Error(`${lockfilePath}: lockfileVersion ${lockfile.lockfileVersion}, expected 9.x`);
  const snapshots = new Map<string, LockedSnapshot>();
  for (const [key, snapshot] of Object.entries(lockfile.snapshots ?? {})) {
    const { name, version } = splitKey(key);
    if (!snapshots.has(`${name}@${version}`)) snapshots.set(`${name}@${version}`, snapshot ?? {});
  }
  const manifests = new Map<string, Map<string, VersionManifest>>();
  for (const [key, locked] of Object.entries(lockfile.packages ?? {})) {
    const integrity = locked.resolution?.integrity;
    if (integrity === undefined) continue;
    const { name, version } = splitKey(key);
    const snapshot = snapshots.get(`${name}@${version}`) ?? {};
    const fields: Record<string, unknown> = {
      dependencies: plainDependencies(snapshot.dependencies, locked.peerDependencies),
      optionalDependencies: plainDependencies(snapshot.optionalDependencies, locked.peerDependencies),
      peerDependencies: locked.peerDependencies,
      peerDependenciesMeta: locked.peerDependenciesMeta,
      engines: locked.engines,
      os: locked.os,
      cpu: locked.cpu,
      libc: locked.libc,
    };
    const manifest: VersionManifest = {
      ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
      name,
      version,
      dist: { integrity, tarball: tarballUrl(registry, name, version) },
    };
    const versions = manifests.get(name) ?? new Map<string, VersionManifest>();
    versions.set(version, manifest);
    manifests.set(name, versions);
  }
  return manifests;
}

/** The manifest inside a packed tarball (`package/package.json`) and the tarball's integrity. */
function packedManifest(tarball: string, registry: string): { manifest: VersionManifest; bytes: Buffer } {
  const bytes = readFileSync(tarball);
  const entry = readTar(gunzipSync(bytes)).find((file) => file.name === 'package/package.json');
  if (entry === undefined) throw new Error(`${tarball}: no package/package.json in the archive`);
  const manifest = JSON.parse(new TextDecoder().decode(entry.content)) as { name: string; version: string };
  const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
  return { manifest: { ...manifest, dist: { integrity, tarball: tarballUrl(registry, manifest.name, manifest.version) } }, bytes };
}

/** Compares dotted versions numerically, then as text (enough to pick a `latest`). */
function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map(Number);
  const pb = b.split(/[.+-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a.localeCompare(b);
}

/**
 * Starts a registry on an ephemeral port of 127.0.0.1 that knows the
 * packages pinned by the lockfile at `lockfilePath` and serves `tarballs`
 * (packed with `pnpm pack`).
 */
export async function startLocalRegistry(lockfilePath: string, tarballs: readonly string[]): Promise<LocalRegistry> {
  const missingTarballs: string[] = [];
  const servedTarballs: string[] = [];
  const files = new Map<string, Buffer>();
  let manifests = new Map<string, Map<string, VersionManifest>>();

  const server = createServer((req, res) => {
    const route = decodeURIComponent(new URL(req.url ?? '/', 'http://registry').pathname).slice(1);
    const tarball = /^(.+)\/-\/[^/]+-(\d[^/]*)\.tgz$/.exec(route);
    if (tarball !== null) {
      const [, name = '', version = ''] = tarball;
      const bytes = files.get(route);
      if (bytes === undefined) {
        missingTarballs.push(`${name}@${version}`);
        res.writeHead(404).end();
        return;
      }
      servedTarballs.push(name);
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length }).end(bytes);
      return;
    }
    const versions = manifests.get(route);
    if (versions === undefined) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
      return;
    }
    const latest = [...versions.keys()].sort(compareVersions).at(-1) ?? '';
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ name: route, 'dist-tags': { latest }, versions: Object.fromEntries(versions) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  manifests = lockedManifests(lockfilePath, url);
  for (const file of tarballs) {
    const { manifest, bytes } = packedManifest(file, url);
    manifests.set(manifest.name, new Map([[manifest.version, manifest]]));
    files.set(new URL(manifest.dist.tarball).pathname.slice(1), bytes);
  }
  return {
    url,
    missingTarballs,
    servedTarballs,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
