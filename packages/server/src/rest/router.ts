/**
 * The REST API under `/api/`. JSON in and out; errors as
 * `{ error: { code, message } }` with the matching status. Every route
 * checks the caller's role:
 *
 * | route                                  | who may call it                                          |
 * |----------------------------------------|----------------------------------------------------------|
 * | GET  /api/health                       | anyone (200 while storage is open)                       |
 * | POST /api/login                        | anyone with a name and password                          |
 * | POST /api/logout, GET /api/me          | any signed-in user                                       |
 * | GET  /api/projects                     | any signed-in user (lists the projects they have a role in) |
 * | GET  /api/projects/:p[/documents]      | any role in `p` (annotators of independent projects see only their layer) |
 * | GET  /api/projects/:p/export           | any role in `p`, for the layers that role may read       |
 * | GET  /api/projects/:p/agreement        | admin or curator of `p` (the figures compare everyone's work) |
 * | POST /api/projects/:p/import           | admin or curator of `p`                                  |
 * | GET/POST /api/users, DELETE /api/users/:u | server administrators (admin of `*`)                  |
 * | GET/POST /api/tokens, DELETE /api/tokens/:id | signed-in users for their own tokens; server administrators for all |
 *
 * Password logins are limited per address (a token bucket) and per user
 * name (`LoginBackoff`). The server never fetches a URL on a caller's behalf.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONSOLIDATION_METHODS, exportFormatNames, formatIssue, getFormat, serializeJsonl, type ConsolidationMethod, type ExportContext, type FormatIssue } from '@glossa/formats';
import { AddressRateLimiter, LOGIN_RATE_PER_ADDRESS } from './address-rate-limit.js';
import { AgreementCache } from './agreement-cache.js';
import { AGREEMENT_UNITS } from './agreement-input.js';
import { authenticateRequest, sessionCookie } from './authenticate.js';
import { DocumentSummaryCache } from './document-summaries.js';
import { parseDuration } from './duration.js';
import { sendFormatExport } from './export-response.js';
import { ClientGoneError, HttpError, readBody, readJsonObject, sendError, sendJson, stringField, writeChunk } from './http-util.js';
import { MIN_PASSWORD_LENGTH, generatePassword, hashPassword, verifyPassword } from './passwords.js';
import { LoginBackoff, type LoginBackoffPolicy } from './login-backoff.js';
import { describeDocuments, exportDocuments, importDocuments, importFormatOf, projectLayers, type ImportFormat } from './project-store.js';
import { isRole, roomAccess, type Role } from '@glossa/collab';
import { ALL_PROJECTS } from './users.js';
import type { Logger } from './logger.js';
import type { DataDir, ProjectRecord } from './storage/index.js';
import type { TokenClaims, TokenIssuer } from './tokens.js';
import { invalidUserNameReason, type UserStore } from './users.js';
import { errorMessage } from './error-message.js';

/** What the REST API needs from the server. @internal */
export interface RestApiContext {
  readonly data: DataDir;
  readonly users: UserStore;
  readonly tokens: TokenIssuer;
  readonly logger: Logger;
  readonly sessionTtlMs: number;
  readonly loginBackoff: LoginBackoffPolicy;
  readonly maxImportBytes: number;
  readonly maxJsonBodyBytes: number;
  /** Whether storage is open (for the health check). */
  isHealthy(): boolean;
}

interface Request {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: readonly string[];
}

type Handler = (request: Request) => Promise<void>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handler: Handler;
}

/** A hash to compare against when the user does not exist, so timing does not tell. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

const notSignedIn = (reason: string): HttpError => new HttpError(401, 'unauthorized', reason);

/** The REST API; `handle` answers one request under `/api/`. */
export class RestApi {
  private readonly routes: Route[];
  private readonly loginLimits = new AddressRateLimiter(LOGIN_RATE_PER_ADDRESS);
  private readonly loginBackoff: LoginBackoff;
  /** Figures of rooms listed before, so polling a project's documents only loads the rooms that changed. */
  private readonly documentSummaries: DocumentSummaryCache;
  /** Agreement answers of projects unchanged since they were measured, so dashboards asking again do not read every room. */
  private readonly agreements: AgreementCache;

  constructor(private readonly context: RestApiContext) {
    this.loginBackoff = new LoginBackoff(context.loginBackoff);
    this.documentSummaries = new DocumentSummaryCache(context.data.store);
    this.agreements = new AgreementCache(context.data);
    const segment = '([^/]+)';
    const route = (method: string, path: string, handler: Handler): Route => ({
      method,
      pattern: new RegExp(`^${path.replaceAll(':x', segment)}$`),
      handler,
    });
    this.routes = [
      route('GET', '/api/health', (r) => this.health(r)),
      route('POST', '/api/login', (r) => this.login(r)),
      route('POST', '/api/logout', (r) => this.logout(r)),
      route('GET', '/api/me', (r) => this.me(r)),
      route('GET', '/api/projects', (r) => this.listProjects(r)),
      route('GET', '/api/projects/:x', (r) => this.getProject(r)),
      route('GET', '/api/projects/:x/documents', (r) => this.listDocuments(r)),
      route('POST', '/api/projects/:x/import', (r) => this.importInto(r)),
      route('GET', '/api/projects/:x/export', (r) => this.exportFrom(r)),
      route('GET', '/api/projects/:x/agreement', (r) => this.agreement(r)),
      route('GET', '/api/users', (r) => this.listUsers(r)),
      route('POST', '/api/users', (r) => this.addUser(r)),
      route('DELETE', '/api/users/:x', (r) => this.removeUser(r)),
      route('GET', '/api/tokens', (r) => this.listTokens(r)),
      route('POST', '/api/tokens', (r) => this.createToken(r)),
      route('DELETE', '/api/tokens/:x', (r) => this.revokeToken(r)),
    ];
  }

  /** Answers a request whose path starts with `/api/`. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      const matching = this.routes.filter((r) => r.pattern.test(url.pathname));
      if (matching.length === 0) throw new HttpError(404, 'not_found', `no API route ${url.pathname}`);
      const route = matching.find((r) => r.method === req.method);
      if (!route) {
        res.setHeader('Allow', matching.map((r) => r.method).join(', '));
        throw new HttpError(405, 'method_not_allowed', `${req.method ?? ''} is not allowed on ${url.pathname}; expected ${matching.map((r) => r.method).join(' or ')}`);
      }
      const params = (route.pattern.exec(url.pathname) ?? []).slice(1).map((p) => {
        try {
          return decodeURIComponent(p);
        } catch {
          throw new HttpError(400, 'bad_path', `path segment ${JSON.stringify(p)} is not valid percent-encoding`);
        }
      });
      await route.handler({ req, res, url, params });
    } catch (error) {
      // A client that went away gets no answer, and is not a server failure.
      if (res.headersSent || error instanceof ClientGoneError) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendError(res, error.status, error.code, error.message);
      } else {
        this.context.logger.error('API route failed', { path: url.pathname, error: errorMessage(error) });
        sendError(res, 500, 'internal', 'the server failed to answer this request');
      }
    }
  }

  private caller(r: Request): TokenClaims {
    const result = authenticateRequest(r.req, r.url, this.context.tokens, this.context.users);
    if (!result.ok) throw notSignedIn(result.errors[0] ?? 'not signed in');
    return result.value;
  }

  private requireServerAdmin(r: Request): TokenClaims {
    const claims = this.caller(r);
    if (this.context.users.getUser(claims.user)?.roles[ALL_PROJECTS] !== 'admin') {
      throw new HttpError(403, 'forbidden', 'only server administrators (admin of project "*") may manage users');
    }
    return claims;
  }

  /** The project `:p` and the caller's role in it; 404 for an unknown project, 403 without a role. */
  private projectOf(r: Request): { claims: TokenClaims; project: ProjectRecord; role: Role } {
    const claims = this.caller(r);
    const id = r.params[0] ?? '';
    const project = this.context.data.catalog.getProject(id);
    const role = this.context.users.roleIn(claims.user, id);
    if (!project) throw new HttpError(404, 'not_found', `unknown project "${id}"`);
    if (role === undefined) throw new HttpError(403, 'forbidden', `user "${claims.user}" has no role in project "${id}"`);
    return { claims, project, role };
  }

  private canReadLayer(project: ProjectRecord, role: Role, user: string, layer: string): boolean {
    return roomAccess(role, project.mode, { kind: 'layer', layer }, user) !== 'none';
  }

  private async health(r: Request): Promise<void> {
    if (this.context.isHealthy()) sendJson(r.res, 200, { status: 'ok' });
    else sendError(r.res, 503, 'unavailable', 'storage is not open');
  }

  private async login(r: Request): Promise<void> {
    const address = r.req.socket.remoteAddress ?? 'unknown';
    if (!this.loginLimits.take(address)) throw new HttpError(429, 'rate_limited', 'too many login attempts; wait a few seconds');
    const body = await readJsonObject(r.req, this.context.maxJsonBodyBytes);
    const name = stringField(body, 'name', true);
    const password = stringField(body, 'password', true);
    if (invalidUserNameReason(name) !== undefined) {
      // No user can have this name, so it is not tracked: the backoff's memory stays bounded by real names' length.
      await verifyPassword(password, DUMMY_HASH);
      throw new HttpError(401, 'invalid_credentials', 'unknown user or wrong password');
    }
    const wait = this.loginBackoff.retryAfterMs(name);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      r.res.setHeader('Retry-After', String(seconds));
      throw new HttpError(429, 'login_locked', `too many failed logins for "${name}"; try again in ${seconds} s`);
    }
    const hash = this.context.users.passwordHash(name);
    const matches = await verifyPassword(password, hash ?? DUMMY_HASH);
    if (hash === undefined || !matches) {
      this.loginBackoff.recordFailure(name);
      throw new HttpError(401, 'invalid_credentials', 'unknown user or wrong password');
    }
    this.loginBackoff.recordSuccess(name);
    const session = this.context.tokens.issue(name, 'session', this.context.sessionTtlMs);
    r.res.setHeader('Set-Cookie', sessionCookie(r.req, session.token, Math.floor(this.context.sessionTtlMs / 1000)));
    sendJson(r.res, 200, { user: name, roles: this.context.users.getUser(name)?.roles ?? {}, expires: session.expires });
  }

  private async logout(r: Request): Promise<void> {
    const claims = this.caller(r);
    if (claims.kind === 'session') this.context.tokens.revoke(claims.id);
    r.res.setHeader('Set-Cookie', sessionCookie(r.req, '', 0));
    sendJson(r.res, 200, { user: claims.user, signedOut: true });
  }

  private async me(r: Request): Promise<void> {
    const claims = this.caller(r);
    sendJson(r.res, 200, { user: claims.user, roles: this.context.users.getUser(claims.user)?.roles ?? {}, token: { id: claims.id, kind: claims.kind, expires: claims.expires } });
  }

  private async listProjects(r: Request): Promise<void> {
    const claims = this.caller(r);
    const projects = this.context.data.catalog.listProjects().flatMap((p) => {
      const role = this.context.users.roleIn(claims.user, p.id);
      return role === undefined ? [] : [{ id: p.id, mode: p.mode, schema: p.schema.name, role, documents: this.context.data.catalog.listDocuments(p.id).length }];
    });
    sendJson(r.res, 200, { projects });
  }

  private async getProject(r: Request): Promise<void> {
    const { project, role } = this.projectOf(r);
    sendJson(r.res, 200, { id: project.id, mode: project.mode, schema: project.schema, role, created: project.created, ...(project.baseUrl === undefined ? {} : { baseUrl: project.baseUrl }) });
  }

  private async listDocuments(r: Request): Promise<void> {
    const { claims, project, role } = this.projectOf(r);
    const described = await describeDocuments(this.context.data, project.id, { summaries: this.documentSummaries });
    if (!described.ok) throw new HttpError(404, 'not_found', described.errors.map(formatIssue).join('; '));
    const documents = described.value.map((doc) => ({ ...doc, layers: doc.layers.filter((l) => this.canReadLayer(project, role, claims.user, l.layer)) }));
    sendJson(r.res, 200, { project: project.id, documents });
  }

  private async importInto(r: Request): Promise<void> {
    const { claims, project, role } = this.projectOf(r);
    if (role !== 'admin' && role !== 'curator') throw new HttpError(403, 'forbidden', `importing into project "${project.id}" needs the admin or curator role; "${claims.user}" is ${role}`);
    const name = r.url.searchParams.get('name') ?? '';
    const requested = r.url.searchParams.get('format') ?? importFormatOf(name) ?? formatOfContentType(r.req.headers['content-type']);
    if (requested !== 'txt' && requested !== 'jsonl') {
      throw new HttpError(400, 'bad_format', `import format: expected ?format=txt or ?format=jsonl (or a name ending in .txt/.jsonl), got ${JSON.stringify(requested ?? '')}`);
    }
    const format: ImportFormat = requested;
    if (format === 'txt' && name === '') throw new HttpError(400, 'bad_field', 'query parameter "name": a .txt import needs the file name, whose base name becomes the document id');
    const body = await readBody(r.req, this.context.maxImportBytes);
    let content: string;
    try {
      content = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      throw new HttpError(400, 'bad_encoding', `${name || 'request body'}: expected UTF-8 text`);
    }
    const result = await importDocuments(this.context.data, [{ name: name || `upload.${format}`, format, content }], { project: project.id });
    if (!result.ok) {
      sendJson(r.res, 422, { error: { code: 'invalid_import', message: result.errors.map(formatIssue).join('\n'), issues: result.errors } });
      return;
    }
    this.context.logger.info('documents imported', { project: project.id, user: claims.user, documents: result.value.documents.length });
    sendJson(r.res, 201, result.value);
  }

  /**
   * `GET /api/projects/:p/export?format=F[&layer=L…][&consolidation=C][&archive=tar]`.
   * `jsonl` (the default) is the native span JSONL of every readable layer,
   * streamed line by line; any other export format of `@glossa/formats`
   * goes through its adapter (see `sendFormatExport`: a tar for folder
   * formats), with the formats' default consolidation (gold where a document
   * has a gold layer) unless `consolidation` names another. Only the layers
   * the caller may read are ever loaded.
   */
  private async exportFrom(r: Request): Promise<void> {
    const { claims, project, role } = this.projectOf(r);
    const format = r.url.searchParams.get('format') ?? 'jsonl';
    const adapter = format === 'jsonl' ? undefined : getFormat(format);
    if (format !== 'jsonl' && adapter?.export === undefined) {
      throw new HttpError(400, 'bad_format', `query parameter "format": expected one of ${exportFormatNames.join(', ')}, got ${JSON.stringify(format)}`);
    }
    const consolidation = r.url.searchParams.get('consolidation');
    if (consolidation !== null && (adapter === undefined || !(CONSOLIDATION_METHODS as readonly string[]).includes(consolidation))) {
      const why = adapter === undefined ? 'the native jsonl export keeps every layer; drop the parameter or pick another format' : `expected one of ${CONSOLIDATION_METHODS.join(', ')}, got ${JSON.stringify(consolidation)}`;
      throw new HttpError(400, 'bad_parameter', `query parameter "consolidation": ${why}`);
    }
    const archive = r.url.searchParams.get('archive');
    if (archive !== null && archive !== 'tar') throw new HttpError(400, 'bad_parameter', `query parameter "archive": expected tar, got ${JSON.stringify(archive)}`);
    const asked = r.url.searchParams.getAll('layer');
    for (const layer of asked) {
      if (!this.canReadLayer(project, role, claims.user, layer)) throw new HttpError(403, 'forbidden', `user "${claims.user}" (${role}) may not read layer "${layer}" of project "${project.id}"`);
    }
    const readable = projectLayers(this.context.data, project.id).filter((l) => this.canReadLayer(project, role, claims.user, l));
    const orphans: FormatIssue[] = [];
    const opened = exportDocuments(this.context.data, project.id, { layers: asked.length > 0 ? asked : readable, onOrphan: (issue) => orphans.push(issue) });
    if (!opened.ok) throw new HttpError(400, 'bad_layer', opened.errors.map(formatIssue).join('; '));
    const { documents, layers } = opened.value;
    if (adapter !== undefined) {
      const context: ExportContext = {
        schema: project.schema,
        project: project.id,
        ...(adapter.kind === 'file' ? { fileName: `${project.id}${adapter.extension ?? ''}` } : {}),
        ...(project.baseUrl === undefined ? {} : { baseUrl: project.baseUrl }),
        ...(consolidation === null ? {} : { consolidation: consolidation as ConsolidationMethod }),
      };
      const report = await sendFormatExport(r.res, { adapter, documents, context, baseName: project.id, forceArchive: archive === 'tar', logger: this.context.logger });
      this.context.logger.info('project exported', { project: project.id, user: claims.user, format, documents: report.documents, spans: report.spans, losses: report.losses.length });
      return;
    }
    r.res.statusCode = 200;
    r.res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    r.res.setHeader('Content-Disposition', `attachment; filename="${project.id}.jsonl"`);
    r.res.setHeader('Cache-Control', 'no-store');
    for await (const line of serializeJsonl(documents, { layers })) await writeChunk(r.res, line);
    r.res.end();
  }

  /**
   * `GET /api/projects/:p/agreement?unit=char|token&annotators=a,b&labels=…&docs=…&confusion=1`:
   * the JSON of `glossa agreement --json`. Only admins and curators of the
   * project may ask: the figures compare every annotator's work, which an
   * annotator of an independent project must not see. Answered from
   * `AgreementCache` while the project is unchanged since the same query.
   */
  private async agreement(r: Request): Promise<void> {
    const { claims, project, role } = this.projectOf(r);
    if (role !== 'admin' && role !== 'curator') {
      throw new HttpError(403, 'forbidden', `agreement figures of project "${project.id}" need the admin or curator role; "${claims.user}" is ${role}`);
    }
    const query = r.url.searchParams;
    const unit = query.get('unit') ?? 'char';
    if (!(AGREEMENT_UNITS as readonly string[]).includes(unit)) {
      throw new HttpError(400, 'bad_parameter', `query parameter "unit": expected one of ${AGREEMENT_UNITS.join(', ')}, got ${JSON.stringify(unit)}`);
    }
    const confusion = query.get('confusion');
    if (confusion !== null && !['1', 'true', '0', 'false'].includes(confusion)) {
      throw new HttpError(400, 'bad_parameter', `query parameter "confusion": expected 1 or 0, got ${JSON.stringify(confusion)}`);
    }
    const annotators = nameList(query, 'annotators');
    const labels = nameList(query, 'labels');
    const docs = nameList(query, 'docs');
    const answer = await this.agreements.answer(project.id, {
      unit: unit as (typeof AGREEMENT_UNITS)[number],
      ...(annotators ? { annotators } : {}),
      ...(labels ? { labels } : {}),
      ...(docs ? { docs } : {}),
      confusion: confusion === '1' || confusion === 'true',
    });
    if (!answer.ok) {
      const issue = answer.errors[0];
      if (issue?.kind === 'too-few-annotators') throw new HttpError(422, 'too_few_annotators', issue.message);
      throw new HttpError(400, 'bad_parameter', answer.errors.map((e) => `query parameter "${e.field}": ${e.message}`).join('; '));
    }
    sendJson(r.res, 200, answer.value);
  }

  private async listUsers(r: Request): Promise<void> {
    this.requireServerAdmin(r);
    sendJson(r.res, 200, { users: this.context.users.listUsers() });
  }

  private async addUser(r: Request): Promise<void> {
    this.requireServerAdmin(r);
    const body = await readJsonObject(r.req, this.context.maxJsonBodyBytes);
    const name = stringField(body, 'name', true);
    const role = stringField(body, 'role', true);
    const project = stringField(body, 'project', true);
    const given = stringField(body, 'password', false);
    if (given !== undefined && given.length < MIN_PASSWORD_LENGTH) throw new HttpError(400, 'bad_field', `field "password": expected at least ${MIN_PASSWORD_LENGTH} characters`);
    const reason = invalidUserNameReason(name);
    if (reason !== undefined) throw new HttpError(400, 'bad_field', `field "name": ${JSON.stringify(name)} ${reason}`);
    if (!isRole(role)) throw new HttpError(400, 'bad_field', `field "role": expected admin, curator, annotator or viewer, got ${JSON.stringify(role)}`);
    if (project !== ALL_PROJECTS && !this.context.data.catalog.getProject(project)) throw new HttpError(400, 'bad_field', `field "project": unknown project "${project}"`);
    const created = !this.context.users.hasUser(name);
    const password = created ? (given ?? generatePassword()) : given;
    if (created) this.context.users.addUser(name, await hashPassword(password as string));
    else if (password !== undefined) this.context.users.setPasswordHash(name, await hashPassword(password));
    this.context.users.setRole(name, project, role);
    sendJson(r.res, created ? 201 : 200, { user: this.context.users.getUser(name), ...(created && given === undefined ? { password } : {}) });
  }

  private async removeUser(r: Request): Promise<void> {
    const claims = this.requireServerAdmin(r);
    const name = r.params[0] ?? '';
    if (name === claims.user) throw new HttpError(409, 'conflict', 'administrators cannot remove themselves');
    if (!this.context.users.removeUser(name)) throw new HttpError(404, 'not_found', `unknown user "${name}"`);
    this.context.tokens.revokeAllOf(name);
    sendJson(r.res, 200, { removed: name });
  }

  private isServerAdmin(user: string): boolean {
    return this.context.users.getUser(user)?.roles[ALL_PROJECTS] === 'admin';
  }

  private async listTokens(r: Request): Promise<void> {
    const claims = this.caller(r);
    const all = this.isServerAdmin(claims.user);
    const user = r.url.searchParams.get('user') ?? (all ? undefined : claims.user);
    if (!all && user !== claims.user) throw new HttpError(403, 'forbidden', 'only server administrators may list other users\' tokens');
    sendJson(r.res, 200, { tokens: this.context.tokens.list(user === undefined ? {} : { user }) });
  }

  private async createToken(r: Request): Promise<void> {
    const claims = this.caller(r);
    const body = await readJsonObject(r.req, this.context.maxJsonBodyBytes);
    const user = stringField(body, 'user', false) ?? claims.user;
    if (user !== claims.user && !this.isServerAdmin(claims.user)) throw new HttpError(403, 'forbidden', 'only server administrators may create tokens for other users');
    if (!this.context.users.hasUser(user)) throw new HttpError(400, 'bad_field', `field "user": unknown user "${user}"`);
    const expires = stringField(body, 'expires', false);
    let lifetime: number | null = null;
    if (expires !== undefined && expires !== 'never') {
      const parsed = parseDuration(expires);
      if (!parsed.ok) throw new HttpError(400, 'bad_field', `field "expires": ${parsed.errors[0] ?? 'bad duration'}`);
      lifetime = parsed.value;
    }
    const issued = this.context.tokens.issue(user, 'api', lifetime);
    sendJson(r.res, 201, issued);
  }

  private async revokeToken(r: Request): Promise<void> {
    const claims = this.caller(r);
    const id = r.params[0] ?? '';
    const record = this.context.tokens.get(id);
    if (!record || (record.user !== claims.user && !this.isServerAdmin(claims.user))) throw new HttpError(404, 'not_found', `unknown token "${id}"`);
    this.context.tokens.revoke(id);
    sendJson(r.res, 200, { revoked: id });
  }
}

/** A comma-separated query parameter as a list of names; an empty entry is a 400 naming the parameter. */
function nameList(query: URLSearchParams, name: string): string[] | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new HttpError(400, 'bad_parameter', `query parameter "${name}": ${JSON.stringify(value)} has an empty entry; expected names separated by commas`);
  return [...new Set(items)];
}

function formatOfContentType(type: string | undefined): ImportFormat | undefined {
  if (type === undefined) return undefined;
  if (/^(application\/(x-)?(nd)?jsonl?|application\/x-ndjson)\b/i.test(type)) return 'jsonl';
  if (/^text\/plain\b/i.test(type)) return 'txt';
  return undefined;
}
