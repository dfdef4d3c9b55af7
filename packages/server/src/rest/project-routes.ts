/**
 * Projects: `GET /api/projects` (those the caller has a role in),
 * `POST /api/projects` `{ id, mode, schema }` (server administrators
 * create a project; the schema is checked as `glossa import` checks it),
 * `GET /api/projects/:p` and `GET /api/projects/:p/documents` (each layer
 * listed as the caller's role may read it). The documents listing is
 * polled by the workbench, so the figures of unchanged rooms are kept
 * (`DocumentSummaryCache`). `GET /api/projects/:p/documents/:d` answers one
 * document's title and readable layers from the catalog and the room list
 * alone, without loading any room: what the document view needs to open.
 */
import { formatSchemaError, parseSchema } from '@glossa/core';
import { isProjectMode } from '@glossa/collab';
import { formatIssue } from '@glossa/formats';
import { CatalogConflictError, DocumentSummaryCache, describeDocuments, documentLayers } from '@glossa/store';
import { HttpError, readJsonObject, sendJson, stringField } from '../http-util.js';
import { callerOf, canReadLayer, projectOf, serverAdminOf, type ApiRequest, type RestApiContext, type Route } from './context.js';

/** The routes of projects and their documents. */
export function projectRoutes(context: RestApiContext): Route[] {
  /** Figures of rooms listed before, so polling a project's documents only loads the rooms that changed. */
  const documentSummaries = new DocumentSummaryCache(context.data.updates);

  async function listProjects(r: ApiRequest): Promise<void> {
    const claims = await callerOf(context, r);
    const projects = [];
    for (const p of await context.data.catalog.listProjects()) {
      const role = await context.users.roleIn(claims.user, p.id);
      if (role !== undefined) projects.push({ id: p.id, mode: p.mode, schema: p.schema.name, role, documents: (await context.data.catalog.listDocuments(p.id)).length });
    }
    sendJson(r.res, 200, { projects });
  }

  async function createProject(r: ApiRequest): Promise<void> {
    await serverAdminOf(context, r);
    const body = await readJsonObject(r.req, context.maxJsonBodyBytes);
    const id = stringField(body, 'id', true);
    const mode = body['mode'];
    if (!isProjectMode(mode)) throw new HttpError(400, 'bad_field', `field "mode": expected "shared" or "independent", got ${JSON.stringify(mode) ?? 'nothing'}`);
    const schema = parseSchema(body['schema']);
    if (!schema.ok) throw new HttpError(400, 'bad_field', schema.errors.map((error) => `field "schema": ${formatSchemaError(error)}`).join('\n'));
    try {
      const project = await context.data.catalog.createProject({ id, mode, schema: schema.value });
      sendJson(r.res, 201, { id: project.id, mode: project.mode, schema: project.schema.name, created: project.created });
    } catch (error) {
      if (error instanceof CatalogConflictError) throw new HttpError(409, 'conflict', `project "${id}" already exists`);
      if (error instanceof RangeError) throw new HttpError(400, 'bad_field', `field "id": ${error.message}`);
      throw error;
    }
  }

  async function getProject(r: ApiRequest): Promise<void> {
    const { project, role } = await projectOf(context, r);
    sendJson(r.res, 200, { id: project.id, mode: project.mode, schema: project.schema, role, created: project.created, ...(project.baseUrl === undefined ? {} : { baseUrl: project.baseUrl }) });
  }

  async function listDocuments(r: ApiRequest): Promise<void> {
    const call = await projectOf(context, r);
    const described = await describeDocuments(context.data, call.project.id, { summaries: documentSummaries });
    if (!described.ok) throw new HttpError(404, 'not_found', described.errors.map(formatIssue).join('; '));
    const documents = described.value.map((doc) => ({ ...doc, layers: doc.layers.filter((l) => canReadLayer(call, l.layer)) }));
    sendJson(r.res, 200, { project: call.project.id, documents });
  }

  async function getDocument(r: ApiRequest): Promise<void> {
    const call = await projectOf(context, r);
    const id = r.params[1] ?? '';
    const record = await context.data.catalog.getDocument(call.project.id, id);
    if (record === undefined) throw new HttpError(404, 'not_found', `unknown document "${id}" in project "${call.project.id}"`);
    const layers = (await documentLayers(context.data, call.project.id, record.id)).filter((layer) => canReadLayer(call, layer));
    sendJson(r.res, 200, { project: call.project.id, id: record.id, ...(record.title === undefined ? {} : { title: record.title }), layers });
  }

  return [
    { method: 'GET', path: '/api/projects', handler: listProjects },
    { method: 'POST', path: '/api/projects', handler: createProject },
    { method: 'GET', path: '/api/projects/:x', handler: getProject },
    { method: 'GET', path: '/api/projects/:x/documents', handler: listDocuments },
    { method: 'GET', path: '/api/projects/:x/documents/:x', handler: getDocument },
  ];
}
