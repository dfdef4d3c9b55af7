/**
 * Datasets in and out of a project, through the one import and the one
 * export pipeline of `@glossa/store` that `glossa import` and
 * `glossa export` use too, so the same bytes give the same documents and the
 * same request gives the same bytes:
 *
 * - `POST /api/projects/:p/import?format=txt|jsonl&name=N` (admins and
 *   curators): the body is the file's bytes;
 * - `GET /api/projects/:p/export?format=F[&layer=L…][&consolidation=C][&archive=tar]`
 *   (any role, for the layers it may read): `jsonl` by default, streamed;
 *   a folder format as a tar (see `sendFormatExport`).
 */
import { CONSOLIDATION_METHODS, exportFormatNames, firstInvalidUtf8Byte, formatIssue, type ConsolidationMethod, type FormatIssue } from '@glossa/formats';
import { importFiles, importFormatOf, openProjectExport, projectLayers, type ImportFormat } from '@glossa/store';
import { sendFormatExport } from '../export-response.js';
import { HttpError, readBody, sendJson } from '../http-util.js';
import { canReadLayer, projectOf, requireCurator, type ApiRequest, type RestApiContext, type Route } from './context.js';

function formatOfContentType(type: string | undefined): ImportFormat | undefined {
  if (type === undefined) return undefined;
  if (/^(application\/(x-)?(nd)?jsonl?|application\/x-ndjson)\b/i.test(type)) return 'jsonl';
  if (/^text\/plain\b/i.test(type)) return 'txt';
  return undefined;
}

/** `kind:count` of every loss of an export, for the log. */
function lossSummary(losses: readonly { readonly kind: string; readonly count: number }[]): string {
  return losses.map((loss) => `${loss.kind}:${loss.count}`).join(',');
}

/** The routes of importing and exporting datasets. */
export function datasetRoutes(context: RestApiContext): Route[] {
  async function importInto(r: ApiRequest): Promise<void> {
    const call = await projectOf(context, r);
    const { project, claims } = call;
    requireCurator(call, `importing into project "${project.id}" needs`);
    const name = r.url.searchParams.get('name') ?? '';
    const requested = r.url.searchParams.get('format') ?? importFormatOf(name) ?? formatOfContentType(r.req.headers['content-type']);
    if (requested !== 'txt' && requested !== 'jsonl') {
      throw new HttpError(400, 'bad_format', `import format: expected ?format=txt or ?format=jsonl (or a name ending in .txt/.jsonl), got ${JSON.stringify(requested ?? '')}`);
    }
    const format: ImportFormat = requested;
    if (format === 'txt' && name === '') throw new HttpError(400, 'bad_field', 'query parameter "name": a .txt import needs the file name, whose base name becomes the document id');
    const body = await readBody(r.req, context.maxImportBytes);
    const badByte = firstInvalidUtf8Byte(body);
    if (badByte >= 0) throw new HttpError(400, 'bad_encoding', `${name || 'request body'}: invalid UTF-8 at byte offset ${badByte}; expected UTF-8 text`);
    const files = [{ path: name || `upload.${format}`, bytes: body }];
    const result = await importFiles(context.data, [{ format, files }], { project: project.id, maxBytes: context.maxImportBytes });
    if (!result.ok) {
      sendJson(r.res, 422, { error: { code: 'invalid_import', message: result.errors.map(formatIssue).join('\n'), issues: result.errors } });
      return;
    }
    context.logger.info('documents imported', { project: project.id, user: claims.user, documents: result.value.documents.length });
    sendJson(r.res, 201, result.value);
  }

  /**
   * The lossless formats (the native span JSONL, the default, and W3C) keep
   * every readable layer apart; any other export format of `@glossa/formats`
   * uses the formats' default consolidation (gold where a document has a
   * gold layer) unless `consolidation` names another (see
   * `openProjectExport`). Only the layers the caller may read are ever
   * loaded.
   */
  async function exportFrom(r: ApiRequest): Promise<void> {
    const call = await projectOf(context, r);
    const { project, claims, role } = call;
    const format = r.url.searchParams.get('format') ?? 'jsonl';
    if (!exportFormatNames.includes(format)) {
      throw new HttpError(400, 'bad_format', `query parameter "format": expected one of ${exportFormatNames.join(', ')}, got ${JSON.stringify(format)}`);
    }
    const consolidation = r.url.searchParams.get('consolidation');
    if (consolidation !== null && (format === 'jsonl' || !(CONSOLIDATION_METHODS as readonly string[]).includes(consolidation))) {
      const why = format === 'jsonl' ? 'the native jsonl export keeps every layer; drop the parameter or pick another format' : `expected one of ${CONSOLIDATION_METHODS.join(', ')}, got ${JSON.stringify(consolidation)}`;
      throw new HttpError(400, 'bad_parameter', `query parameter "consolidation": ${why}`);
    }
    const archive = r.url.searchParams.get('archive');
    if (archive !== null && archive !== 'tar') throw new HttpError(400, 'bad_parameter', `query parameter "archive": expected tar, got ${JSON.stringify(archive)}`);
    const asked = r.url.searchParams.getAll('layer');
    for (const layer of asked) {
      if (!canReadLayer(call, layer)) throw new HttpError(403, 'forbidden', `user "${claims.user}" (${role}) may not read layer "${layer}" of project "${project.id}"`);
    }
    const readable = (await projectLayers(context.data, project.id)).filter((layer) => canReadLayer(call, layer));
    const orphans: FormatIssue[] = [];
    const opened = await openProjectExport(context.data, project.id, {
      format,
      layers: asked.length > 0 ? asked : readable,
      ...(consolidation === null ? {} : { consolidation: consolidation as ConsolidationMethod }),
      // A tar holds a file format's folder form; otherwise the download is exactly one file.
      layout: archive === 'tar' ? 'folder' : 'file',
      onOrphan: (issue) => orphans.push(issue),
    });
    if (!opened.ok) throw new HttpError(400, 'bad_layer', opened.errors.map(formatIssue).join('; '));
    const { format: adapter, documents, context: exportContext } = opened.value;
    const report = await sendFormatExport(r.res, { adapter, documents, context: exportContext, baseName: project.id, forceArchive: archive === 'tar', logger: context.logger });
    context.logger.info('project exported', {
      project: project.id,
      user: claims.user,
      format,
      documents: report.documents,
      spans: report.spans,
      losses: report.losses.length,
      lost: lossSummary(report.losses),
      orphans: orphans.length,
    });
  }

  return [
    { method: 'POST', path: '/api/projects/:x/import', handler: importInto },
    { method: 'GET', path: '/api/projects/:x/export', handler: exportFrom },
  ];
}
