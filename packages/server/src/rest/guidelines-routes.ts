/**
 * A project's annotation guidelines: `GET /api/projects/:p/guidelines`
 * (any role in `p`) answers `{ markdown, updated?, updatedBy? }`, with
 * `markdown` empty when none were written; `PUT` with `{ markdown }`
 * (admin or curator of `p`) saves them. The Markdown is stored and served
 * as written; the workbench renders it without ever parsing it as HTML.
 */
import { MAX_GUIDELINES_LENGTH } from '@glossa/store';
import { HttpError, readJsonObject, sendJson } from '../http-util.js';
import { projectOf, requireCurator, type ApiRequest, type RestApiContext, type Route } from './context.js';

/** The largest body of a `PUT`: the longest guidelines with every character escaped in JSON (`\uXXXX`). */
const MAX_GUIDELINES_BODY_BYTES = MAX_GUIDELINES_LENGTH * 6 + 1024;

/** The routes of a project's guidelines. */
export function guidelinesRoutes(context: RestApiContext): Route[] {
  async function getGuidelines(r: ApiRequest): Promise<void> {
    const { project } = await projectOf(context, r);
    const saved = await context.data.catalog.getGuidelines(project.id);
    sendJson(r.res, 200, saved ?? { markdown: '' });
  }

  async function putGuidelines(r: ApiRequest): Promise<void> {
    const call = await projectOf(context, r);
    requireCurator(call, `writing the guidelines of project "${call.project.id}" needs`);
    const body = await readJsonObject(r.req, MAX_GUIDELINES_BODY_BYTES);
    const markdown = body['markdown'];
    if (typeof markdown !== 'string') throw new HttpError(400, 'bad_field', 'field "markdown": expected a string (Markdown, possibly empty)');
    if (markdown.length > MAX_GUIDELINES_LENGTH) throw new HttpError(400, 'bad_field', `field "markdown": expected at most ${MAX_GUIDELINES_LENGTH} characters, got ${markdown.length}`);
    sendJson(r.res, 200, await context.data.catalog.setGuidelines(call.project.id, markdown, call.claims.user));
  }

  return [
    { method: 'GET', path: '/api/projects/:x/guidelines', handler: getGuidelines },
    { method: 'PUT', path: '/api/projects/:x/guidelines', handler: putGuidelines },
  ];
}
