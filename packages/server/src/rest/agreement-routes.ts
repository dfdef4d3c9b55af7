/**
 * `GET /api/projects/:p/agreement?unit=char|token&annotators=a,b&labels=…&docs=…&confusion=1`:
 * the JSON of `glossa agreement --json`. Only admins and curators of the
 * project may ask: the figures compare every annotator's work, which an
 * annotator of an independent project must not see. Answered from an
 * `AgreementCache` while the project is unchanged since the same query.
 */
import { AGREEMENT_UNITS, AgreementCache } from '@glossa/store';
import { HttpError, sendJson } from '../http-util.js';
import { projectOf, requireCurator, type ApiRequest, type RestApiContext, type Route } from './context.js';

/** A comma-separated query parameter as a list of names; an empty entry is a 400 naming the parameter. */
function nameList(query: URLSearchParams, name: string): string[] | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new HttpError(400, 'bad_parameter', `query parameter "${name}": ${JSON.stringify(value)} has an empty entry; expected names separated by commas`);
  return [...new Set(items)];
}

/** The route of agreement figures. */
export function agreementRoutes(context: RestApiContext): Route[] {
  /** Agreement answers of projects unchanged since they were measured, so dashboards asking again do not read every room. */
  const agreements = new AgreementCache(context.data);

  async function agreement(r: ApiRequest): Promise<void> {
    const call = await projectOf(context, r);
    requireCurator(call, `agreement figures of project "${call.project.id}" need`);
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
    const answer = await agreements.answer(call.project.id, {
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

  return [{ method: 'GET', path: '/api/projects/:x/agreement', handler: agreement }];
}
