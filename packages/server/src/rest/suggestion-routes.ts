/**
 * Suggestions for the workbench: `GET /api/projects/:p/suggestions/ranking`
 * (any role that sees suggestions: annotators, curators, admins) answers
 * `{ scope, ranked: [{ id, uncertainty, novelty, usefulness }], annotated }`
 * for the caller's own suggestion scope, so the document list can follow
 * expected usefulness and nobody learns of another annotator's layer
 * beyond what their own scope holds; `GET
 * /api/projects/:p/suggestions/stats` (admin or curator) answers what
 * `glossa suggest stats --json` prints; `GET
 * /api/projects/:p/suggestions/measures?gold=LAYER` (admin or curator)
 * answers `{ gold, recommenders }`: each built-in recommender's
 * cross-validated precision, recall and F1 against the layer (default
 * `gold`) and its learning curve, computed in a worker thread; with
 * `unavailable` (why) and no recommenders when there is nothing to measure.
 */
import { suggestionScope } from '@glossa/collab';
import { HttpError, sendJson } from '../http-util.js';
import { rankProjectDocuments } from '../suggestions/document-ranking.js';
import { measureStoredProject } from '../suggestions/project-learning.js';
import { feedbackStoredProject } from '../suggestions/project-measures.js';
import { projectOf, requireCurator, type ApiRequest, type RestApiContext, type Route } from './context.js';

/** The routes of suggestion rankings and statistics. */
export function suggestionRoutes(context: RestApiContext): Route[] {
  async function ranking(r: ApiRequest): Promise<void> {
    const call = await projectOf(context, r);
    const scope = suggestionScope(call.role, call.project.mode, call.claims.user);
    if (scope === null) throw new HttpError(403, 'forbidden', `ranking documents of project "${call.project.id}" needs a role that sees suggestions; "${call.claims.user}" is ${call.role}`);
    sendJson(r.res, 200, await rankProjectDocuments(context.data, call.project.id, scope));
  }

  async function stats(r: ApiRequest): Promise<void> {
    const call = await projectOf(context, r);
    requireCurator(call, `suggestion statistics of project "${call.project.id}" need`);
    const result = await feedbackStoredProject(context.data, call.project.id);
    if (!result.ok) throw new HttpError(400, 'bad_request', result.errors.join('; '));
    sendJson(r.res, 200, result.value);
  }

  async function measures(r: ApiRequest): Promise<void> {
    const call = await projectOf(context, r);
    requireCurator(call, `recommender measures of project "${call.project.id}" need`);
    const gold = r.url.searchParams.get('gold') ?? 'gold';
    const result = await measureStoredProject(context.data, call.project.id, { gold });
    // Nothing to measure yet (no recommenders, too little gold) is an answer, not a failure: the dashboard says why.
    sendJson(r.res, 200, result.ok ? { gold, recommenders: result.value } : { gold, recommenders: [], unavailable: result.errors.join('; ') });
  }

  return [
    { method: 'GET', path: '/api/projects/:x/suggestions/measures', handler: measures },
    { method: 'GET', path: '/api/projects/:x/suggestions/ranking', handler: ranking },
    { method: 'GET', path: '/api/projects/:x/suggestions/stats', handler: stats },
  ];
}
