/**
 * A real Glossa server for browser tests: port 0, a temporary data
 * directory, the built workbench at `/`, users created through the REST
 * user API and projects imported from the seed texts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { GlossaServer, createStreamLogger } from '@glossa/server';
import { hashPassword } from '@glossa/store';
import { importDocuments } from '@glossa/store';
import { formatSchemaError, parseSchemaJson, type LabelSchema } from '@glossa/core';
import { REPO_ROOT, WORKBENCH_DIST } from './build.js';

/** A role in a project, as the user API takes it. */
export type TestRole = 'admin' | 'curator' | 'annotator' | 'viewer';

/** The password every test user gets. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** A document to import: its file name (the id is the base name) and text. */
export interface TestDocument {
  readonly name: string;
  readonly text: string;
}

/** A span as the native JSONL export writes it (offsets in code points). */
export interface ExportedSpan {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly annotator?: string;
  readonly author?: string;
  readonly status?: string;
  readonly note?: string;
}

/** A document as the native JSONL export writes it. */
export interface ExportedRecord {
  readonly id: string;
  readonly text: string;
  readonly spans: readonly ExportedSpan[];
}

/** A running test server. */
export interface TestServer {
  readonly server: GlossaServer;
  /** The base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** A token of the server administrator for REST calls from the test. */
  readonly adminToken: string;
  /** Creates a user with a role in a project through `POST /api/users`. */
  addUser(name: string, role: TestRole, project: string): Promise<void>;
  /** Imports documents into a new project of the given mode. */
  createProject(project: string, mode: 'shared' | 'independent', documents: readonly TestDocument[], schema?: LabelSchema): Promise<void>;
  /** GETs a REST route as the administrator and returns the body as text. */
  get(route: string): Promise<string>;
  /** The documents of the project's native JSONL export (all layers), in export order. */
  exportedRecords(project: string): Promise<ExportedRecord[]>;
  /** The spans of one document in the project's JSONL export (all layers). */
  exportedSpans(project: string, doc: string): Promise<ExportedSpan[]>;
  stop(): Promise<void>;
}

/** The seed document used by most browser tests (a short news brief). */
export const SEED_DOCUMENT = '002_b9dd55d4eb8bd278';

/** Reads a seed text by document id. */
export async function seedDocument(id: string = SEED_DOCUMENT): Promise<TestDocument> {
  return { name: `${id}.txt`, text: await readFile(path.join(REPO_ROOT, 'seeds', `${id}.txt`), 'utf8') };
}

/** The seed policy schema (`seeds/schema.json`), the schema of projects the tests create without naming one. */
export function seedSchema(): LabelSchema {
  const file = path.join(REPO_ROOT, 'seeds', 'schema.json');
  const result = parseSchemaJson(readFileSync(file, 'utf8'));
  if (!result.ok) throw new Error(`${file}: ${result.errors.map(formatSchemaError).join('; ')}`);
  return result.value;
}

/** Starts a server on port 0 serving the built workbench; `GLOSSA_E2E_LOG=1` logs its events to stderr. */
export async function startTestServer(): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'glossa-e2e-'));
  const server = new GlossaServer({ dataDir, port: 0, staticDir: WORKBENCH_DIST, unloadGraceMs: 60_000, ...(process.env['GLOSSA_E2E_LOG'] === '1' ? { logger: createStreamLogger() } : {}) });
  await server.start();
  // The first administrator is made directly in the user store, as `glossa user add` does; everyone else through the API.
  server.users.addUser('root', await hashPassword(TEST_PASSWORD));
  server.users.setRole('root', '*', 'admin');
  const adminToken = server.tokens.issue('root', 'api', null).token;
  const url = server.url;
  const headers = { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' };

  const get = async (route: string): Promise<string> => {
    const response = await fetch(`${url}${route}`, { headers });
    const body = await response.text();
    if (!response.ok) throw new Error(`GET ${route}: ${response.status} ${body}`);
    return body;
  };

  const exportedRecords = async (project: string): Promise<ExportedRecord[]> => {
    const lines = (await get(`/api/projects/${project}/export?format=jsonl`)).split('\n').filter((line) => line.trim() !== '');
    return lines.map((line) => JSON.parse(line) as ExportedRecord);
  };

  return {
    server,
    url,
    adminToken,
    get,
    async addUser(name, role, project) {
      const response = await fetch(`${url}/api/users`, { method: 'POST', headers, body: JSON.stringify({ name, role, project, password: TEST_PASSWORD }) });
      if (!response.ok) throw new Error(`POST /api/users ${name}: ${response.status} ${await response.text()}`);
    },
    async createProject(project, mode, documents, schema) {
      const sources = documents.map((doc) => ({ name: doc.name, format: 'txt' as const, content: doc.text }));
      const result = await importDocuments(server.data, sources, { project, mode, schema: schema ?? seedSchema() });
      if (!result.ok) throw new Error(`import into ${project}: ${JSON.stringify(result.errors)}`);
    },
    exportedRecords,
    async exportedSpans(project, doc) {
      const record = (await exportedRecords(project)).find((r) => r.id === doc);
      if (record === undefined) throw new Error(`the export of ${project} has no document ${doc}`);
      return [...record.spans];
    },
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
