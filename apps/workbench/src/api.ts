/**
 * The workbench's client of the server's REST API (`/api/…`, same origin, the
 * session cookie goes along). Every call returns a `Result`: a failed request
 * is an expected outcome (wrong password, no network, no role) and comes
 * back as an `ApiProblem` naming the route and what went wrong.
 *
 * Successful reads are remembered in `localStorage`, so that a page reloaded
 * without a network still knows who is signed in and what the project looks
 * like; the documents themselves come from IndexedDB (see `document-session.ts`).
 */
import { fail, ok } from '@glossa/core';
import type { AgreementReport, AgreementUnit, ConfusionReport, LabelSchema, PairConfusion, Result } from '@glossa/core';
import type { ProjectMode, Role } from '@glossa/collab';
import { downloadName } from './export-formats.js';

export type { ProjectMode, Role } from '@glossa/collab';

/** Why an API call failed. */
export interface ApiProblem {
  /** The HTTP status, or 0 when the server could not be reached. */
  readonly status: number;
  /** The server's error code (`invalid_credentials`, `forbidden`, …) or `network`. */
  readonly code: string;
  /** A sentence naming the route and what went wrong. */
  readonly message: string;
}

/** The signed-in user. */
export interface Me {
  readonly user: string;
  /** Role by project id; `*` applies to every project. */
  readonly roles: Readonly<Record<string, Role>>;
}

/** A project as the project list shows it. */
export interface ProjectListing {
  readonly id: string;
  readonly mode: ProjectMode;
  /** The schema's name. */
  readonly schema: string;
  readonly role: Role;
  readonly documents: number;
}

/** A project with its schema and the caller's role. */
export interface ProjectDetails {
  readonly id: string;
  readonly mode: ProjectMode;
  readonly schema: LabelSchema;
  readonly role: Role;
}

/** One layer of a document and how many annotations it holds. */
export interface LayerCount {
  readonly layer: string;
  readonly spans: number;
}

/** A document as the document list shows it. */
export interface DocumentListing {
  readonly id: string;
  readonly title?: string;
  /** Length of the text in Unicode code points. */
  readonly characters: number;
  /** The layers the caller may read, with their annotation counts. */
  readonly layers: readonly LayerCount[];
}

/** What an import wrote. */
export interface ImportSummary {
  readonly documents: readonly string[];
  readonly spans: number;
  readonly layers: readonly string[];
}

/** The prefix of remembered API answers in `localStorage`. */
const REMEMBERED_PREFIX = 'glossa:api:';

function problem(status: number, code: string, message: string): ApiProblem {
  return { status, code, message };
}

/** Whether a value is a JSON object (for reading answers). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the `{ error: { code, message } }` body of a failed response. */
async function readProblem(path: string, response: Response): Promise<ApiProblem> {
  let code = 'http_error';
  let message = `${path}: the server answered ${response.status}`;
  try {
    const body: unknown = await response.json();
    if (isRecord(body) && isRecord(body.error)) {
      if (typeof body.error.code === 'string') code = body.error.code;
      if (typeof body.error.message === 'string') message = body.error.message;
    }
  } catch {
    // not JSON: keep the generic message
  }
  return problem(response.status, code, message);
}

function remember(path: string, body: unknown): void {
  try {
    localStorage.setItem(REMEMBERED_PREFIX + path, JSON.stringify(body));
  } catch {
    // storage full or disabled: the app still works online
  }
}

function remembered(path: string): unknown {
  const text = localStorage.getItem(REMEMBERED_PREFIX + path);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Forgets every remembered answer (on sign-out). */
export function forgetRememberedAnswers(): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.startsWith(REMEMBERED_PREFIX) === true) localStorage.removeItem(key);
  }
}

/**
 * GETs a JSON route. When the network is down, answers with the last
 * successful answer of the same route, if any. For the clients of other
 * route groups (`admin-api.ts`).
 */
export async function getJson(path: string): Promise<Result<unknown, ApiProblem>> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch {
    const cached = remembered(path);
    if (cached !== undefined) return ok(cached);
    return fail([problem(0, 'network', `${path}: the server cannot be reached`)]);
  }
  if (!response.ok) return fail([await readProblem(path, response)]);
  const body: unknown = await response.json();
  remember(path, body);
  return ok(body);
}

/** Sends a body to a route and reads the JSON answer; the problem the server names when it refuses. */
export async function sendJson(method: string, path: string, body: BodyInit | null, contentType: string): Promise<Result<unknown, ApiProblem>> {
  let response: Response;
  try {
    response = await fetch(path, { method, credentials: 'same-origin', headers: { 'Content-Type': contentType, Accept: 'application/json' }, body });
  } catch {
    return fail([problem(0, 'network', `${path}: the server cannot be reached`)]);
  }
  // An import's issues (422) come as one message with a line per issue.
  if (!response.ok) return fail([await readProblem(path, response)]);
  return ok((await response.json()) as unknown);
}

/** Applies `parse` to a successful body; a body of the wrong shape becomes a problem naming the route and field. */
export function parsed<T>(path: string, result: Result<unknown, ApiProblem>, parse: (body: unknown) => T | string): Result<T, ApiProblem> {
  if (!result.ok) return result;
  const value = parse(result.value);
  if (typeof value === 'string') return fail([problem(200, 'bad_response', `${path}: ${value}`)]);
  return ok(value);
}

const ROLES: readonly string[] = ['admin', 'curator', 'annotator', 'viewer'];

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && ROLES.includes(value);
}

function parseRoles(value: unknown): Record<string, Role> {
  const roles: Record<string, Role> = {};
  if (isRecord(value)) for (const [project, role] of Object.entries(value)) if (isRole(role)) roles[project] = role;
  return roles;
}

function parseMe(body: unknown): Me | string {
  if (!isRecord(body) || typeof body.user !== 'string') return 'expected { user, roles }';
  return { user: body.user, roles: parseRoles(body.roles) };
}

/** Signs in; the server sets the session cookie. */
export async function login(name: string, password: string): Promise<Result<Me, ApiProblem>> {
  forgetRememberedAnswers();
  const path = '/api/login';
  const result = parsed(path, await sendJson('POST', path, JSON.stringify({ name, password }), 'application/json'), parseMe);
  // Who is signed in is known offline from now on, as if `/api/me` had answered.
  if (result.ok) remember('/api/me', result.value);
  return result;
}

/** Signs out and forgets the remembered answers. */
export async function logout(): Promise<Result<unknown, ApiProblem>> {
  forgetRememberedAnswers();
  return sendJson('POST', '/api/logout', '{}', 'application/json');
}

/** The signed-in user, or a problem with status 401 when nobody is. */
export async function fetchMe(): Promise<Result<Me, ApiProblem>> {
  return parsed('/api/me', await getJson('/api/me'), parseMe);
}

/** The projects the signed-in user has a role in. */
export async function fetchProjects(): Promise<Result<ProjectListing[], ApiProblem>> {
  return parsed('/api/projects', await getJson('/api/projects'), (body) => {
    if (!isRecord(body) || !Array.isArray(body.projects)) return 'expected { projects: [...] }';
    return body.projects.filter(isRecord).flatMap((p): ProjectListing[] =>
      typeof p.id === 'string' && isRole(p.role)
        ? [{ id: p.id, mode: p.mode === 'independent' ? 'independent' : 'shared', schema: String(p.schema ?? ''), role: p.role, documents: Number(p.documents ?? 0) }]
        : [],
    );
  });
}

/** A project's details: mode, schema and the caller's role. */
export async function fetchProject(project: string): Promise<Result<ProjectDetails, ApiProblem>> {
  const path = `/api/projects/${encodeURIComponent(project)}`;
  return parsed(path, await getJson(path), (body) => {
    if (!isRecord(body) || typeof body.id !== 'string' || !isRole(body.role) || !isRecord(body.schema)) return 'expected { id, mode, schema, role }';
    const schema = body.schema as unknown as LabelSchema;
    if (!Array.isArray(schema.labels)) return 'field "schema.labels": expected an array';
    return {
      id: body.id,
      mode: body.mode === 'independent' ? 'independent' : 'shared',
      role: body.role,
      schema: { ...schema, groups: schema.groups ?? [], documentLabels: schema.documentLabels ?? [] },
    };
  });
}

/** The documents of a project with the annotation count of each layer the caller may read. */
export async function fetchDocuments(project: string): Promise<Result<DocumentListing[], ApiProblem>> {
  const path = `/api/projects/${encodeURIComponent(project)}/documents`;
  return parsed(path, await getJson(path), (body) => {
    if (!isRecord(body) || !Array.isArray(body.documents)) return 'expected { documents: [...] }';
    return body.documents.filter(isRecord).flatMap((d): DocumentListing[] => {
      if (typeof d.id !== 'string') return [];
      const layers = Array.isArray(d.layers)
        ? d.layers.filter(isRecord).flatMap((l): LayerCount[] => (typeof l.layer === 'string' ? [{ layer: l.layer, spans: Number(l.spans ?? 0) }] : []))
        : [];
      return [{ id: d.id, ...(typeof d.title === 'string' ? { title: d.title } : {}), characters: Number(d.characters ?? 0), layers }];
    });
  });
}

/** One document as the document view opens it: its title and the layers the caller may read. */
export interface DocumentOpening {
  readonly id: string;
  readonly title?: string;
  readonly layers: readonly string[];
}

/** One document's title and readable layers, without the listing's figures (`GET /api/projects/:p/documents/:d`). */
export async function fetchDocument(project: string, doc: string): Promise<Result<DocumentOpening, ApiProblem>> {
  const path = `/api/projects/${encodeURIComponent(project)}/documents/${encodeURIComponent(doc)}`;
  return parsed(path, await getJson(path), (body) => {
    if (!isRecord(body) || typeof body.id !== 'string') return 'expected { id, title?, layers }';
    if (!Array.isArray(body.layers) || !body.layers.every((layer) => typeof layer === 'string')) return 'field "layers": expected an array of layer names';
    return { id: body.id, ...(typeof body.title === 'string' ? { title: body.title } : {}), layers: body.layers as string[] };
  });
}

/** Uploads a `.txt` or native `.jsonl` file into a project. */
export async function importFile(project: string, fileName: string, content: string): Promise<Result<ImportSummary, ApiProblem>> {
  const path = `/api/projects/${encodeURIComponent(project)}/import?name=${encodeURIComponent(fileName)}`;
  const type = fileName.toLowerCase().endsWith('.jsonl') ? 'application/x-ndjson' : 'text/plain; charset=utf-8';
  return parsed(path, await sendJson('POST', path, content, type), (body) => {
    if (!isRecord(body) || !Array.isArray(body.documents)) return 'expected { documents: [...] }';
    return {
      documents: body.documents.filter((d): d is string => typeof d === 'string'),
      spans: Number(body.spans ?? 0),
      layers: Array.isArray(body.layers) ? body.layers.filter((l): l is string => typeof l === 'string') : [],
    };
  });
}

/** The agreement figures the server computed, as the dashboard shows them. */
export interface ServerAgreement {
  readonly report: AgreementReport;
  readonly confusion: ConfusionReport;
}

/** Checks the fields of an agreement answer the dashboard reads; a string names the first one missing. */
function parseAgreement(body: unknown): ServerAgreement | string {
  if (!isRecord(body)) return 'expected an agreement report object';
  for (const field of ['labels', 'overall'] as const) if (!isRecord(body[field])) return `field "${field}": expected an object`;
  for (const field of ['annotators', 'pairs', 'perDocument', 'confusion'] as const) if (!Array.isArray(body[field])) return `field "${field}": expected an array`;
  if (body.unit !== 'char' && body.unit !== 'token') return 'field "unit": expected "char" or "token"';
  const report = body as unknown as AgreementReport & { readonly confusion: readonly (PairConfusion & { readonly labels: readonly string[] })[] };
  const { confusion: pairs, ...rest } = report;
  const labels = pairs[0]?.labels ?? [...Object.keys(report.labels), 'none'];
  return {
    report: rest,
    confusion: { unit: report.unit, annotators: report.annotators, labels, pairs: pairs.map(({ labels: _labels, ...pair }) => pair) },
  };
}

/**
 * The agreement figures of a project computed by the server
 * (`GET /api/projects/:p/agreement`) in `unit`, with the confusion
 * matrices; admins and curators only. Fewer than two annotators is a
 * problem with status 422.
 */
export async function fetchAgreement(project: string, unit: AgreementUnit): Promise<Result<ServerAgreement, ApiProblem>> {
  const path = `/api/projects/${encodeURIComponent(project)}/agreement?unit=${unit}&confusion=1`;
  return parsed(path, await getJson(path), parseAgreement);
}

/** A finished download: the file's name (from the server) and its content. */
export interface DownloadedFile {
  readonly fileName: string;
  readonly blob: Blob;
}

/**
 * GETs a file (an export) and returns it whole, or the server's refusal as
 * a problem naming the route (a bad parameter, a layer the user may not
 * read, no network).
 */
export async function downloadFile(path: string, fallbackName: string): Promise<Result<DownloadedFile, ApiProblem>> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin' });
  } catch {
    return fail([problem(0, 'network', `${path}: the server cannot be reached`)]);
  }
  if (!response.ok) return fail([await readProblem(path, response)]);
  return ok({ fileName: downloadName(response.headers.get('Content-Disposition'), fallbackName), blob: await response.blob() });
}

/** A project's guidelines as the server keeps them: Markdown, empty when none were written. */
export interface Guidelines {
  readonly markdown: string;
  /** When and by whom they were last saved; absent when never. */
  readonly updated?: number;
  readonly updatedBy?: string;
}

function parseGuidelines(body: unknown): Guidelines | string {
  if (!isRecord(body) || typeof body.markdown !== 'string') return 'expected { markdown }';
  return {
    markdown: body.markdown,
    ...(typeof body.updated === 'number' ? { updated: body.updated } : {}),
    ...(typeof body.updatedBy === 'string' ? { updatedBy: body.updatedBy } : {}),
  };
}

/** A project's guidelines. */
export async function fetchGuidelines(project: string): Promise<Result<Guidelines, ApiProblem>> {
  const path = `/api/projects/${encodeURIComponent(project)}/guidelines`;
  return parsed(path, await getJson(path), parseGuidelines);
}

/** Saves a project's guidelines (admins and curators). */
export async function saveGuidelines(project: string, markdown: string): Promise<Result<Guidelines, ApiProblem>> {
  const path = `/api/projects/${encodeURIComponent(project)}/guidelines`;
  return parsed(path, await sendJson('PUT', path, JSON.stringify({ markdown }), 'application/json'), parseGuidelines);
}
