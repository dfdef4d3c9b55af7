/**
 * The REST API under `/api/`. JSON in and out; errors as
 * `{ error: { code, message } }` with the matching status. Every route
 * checks the caller's role; the routes live in one module per group:
 *
 * | route                                  | group              | who may call it                                          |
 * |----------------------------------------|--------------------|----------------------------------------------------------|
 * | GET  /api/health                       | (here)             | anyone (200 while storage is open)                       |
 * | POST /api/login, /api/logout, GET /api/me | auth-routes     | anyone with a name and password; any signed-in user      |
 * | GET  /api/projects, /api/projects/:p[/documents] | project-routes | any signed-in user; any role in `p` (annotators of independent projects see only their layer) |
 * | POST /api/projects                     | project-routes     | server administrators (admin of `*`)                     |
 * | POST /api/projects/:p/import, GET /api/projects/:p/export | dataset-routes | admin or curator of `p`; any role in `p`, for the layers that role may read |
 * | GET  /api/projects/:p/agreement        | agreement-routes   | admin or curator of `p` (the figures compare everyone's work) |
 * | GET/PUT /api/projects/:p/guidelines    | guidelines-routes  | any role in `p`; admin or curator of `p`                 |
 * | GET  /api/projects/:p/suggestions/ranking, /stats | suggestion-routes | a role in `p` that sees suggestions (not viewers), for their own scope; admin or curator of `p` |
 * | GET/POST /api/users, POST /api/users/:u/password, DELETE /api/users/:u | user-routes | server administrators (admin of `*`) |
 * | GET/POST /api/tokens, DELETE /api/tokens/:id | token-routes | signed-in users for their own tokens; server administrators for all |
 *
 * The server never fetches a URL on a caller's behalf.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../error-message.js';
import { ClientGoneError, HttpError, sendError, sendJson } from '../http-util.js';
import { agreementRoutes } from './agreement-routes.js';
import { authRoutes } from './auth-routes.js';
import type { ApiRequest, RestApiContext, Route } from './context.js';
import { datasetRoutes } from './dataset-routes.js';
import { guidelinesRoutes } from './guidelines-routes.js';
import { projectRoutes } from './project-routes.js';
import { suggestionRoutes } from './suggestion-routes.js';
import { tokenRoutes } from './token-routes.js';
import { userRoutes } from './user-routes.js';

export type { RestApiContext } from './context.js';

interface CompiledRoute extends Route {
  readonly pattern: RegExp;
}

/** The REST API; `handle` answers one request under `/api/`. */
export class RestApi {
  private readonly routes: readonly CompiledRoute[];

  constructor(private readonly context: RestApiContext) {
    const health: Route = {
      method: 'GET',
      path: '/api/health',
      handler: async (r: ApiRequest) => {
        const problem = context.healthProblem();
        if (problem === undefined) sendJson(r.res, 200, { status: 'ok' });
        else sendError(r.res, 503, 'unavailable', problem);
      },
    };
    const routes = [health, ...authRoutes(context), ...projectRoutes(context), ...datasetRoutes(context), ...agreementRoutes(context), ...guidelinesRoutes(context), ...suggestionRoutes(context), ...userRoutes(context), ...tokenRoutes(context)];
    this.routes = routes.map((route) => ({ ...route, pattern: new RegExp(`^${route.path.replaceAll(':x', '([^/]+)')}$`) }));
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
        if (error.closeConnection) res.setHeader('Connection', 'close');
        sendError(res, error.status, error.code, error.message);
      } else {
        this.context.logger.error('API route failed', { path: url.pathname, error: errorMessage(error) });
        sendError(res, 500, 'internal', 'the server failed to answer this request');
      }
    }
  }
}
