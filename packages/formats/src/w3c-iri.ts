/**
 * The IRIs Glossa gives W3C annotations, their creators and the documents
 * they target, and how each is read back: a span's IRI gives back its id
 * (and, in an export, its layer), a creator's IRI the user id.
 */
import type { SpanAnnotation } from '@glossa/core';
import type { ExportContext } from './adapter.js';

const ANNOTATOR_URN = 'urn:glossa:annotator:';
const ANNOTATION_URN = 'urn:glossa:annotation:';
const UUID_URN = 'urn:uuid:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The default creator IRI of a user: `urn:glossa:annotator:<user id>`. */
export function defaultAnnotatorIri(author: string): string {
  return ANNOTATOR_URN + encodeURIComponent(author);
}

/** The default annotation IRI of a span: `urn:uuid:<id>` for UUIDs, else `urn:glossa:annotation:<id>`. */
export function defaultAnnotationIri(span: Pick<SpanAnnotation, 'id'>): string {
  return UUID.test(span.id) ? UUID_URN + span.id : ANNOTATION_URN + encodeURIComponent(span.id);
}

/** The IRI prefix of documents: `baseUrl`, or `urn:glossa:<project>:`. */
export function documentBase(ctx: Pick<ExportContext, 'baseUrl' | 'project'>): string {
  return ctx.baseUrl ?? `urn:glossa:${encodeURIComponent(ctx.project ?? 'project')}:`;
}

/** The IRI of a span of a layer: `<document IRI>#<layer>/<span id>`, each part percent-encoded. */
export function spanIri(source: string, layer: string, spanId: string): string {
  return `${source}#${encodeURIComponent(layer)}/${encodeURIComponent(spanId)}`;
}

/** The IRI of a relation of a layer: `<document IRI>#<layer>/relations/<relation id>`, layer and id percent-encoded. */
export function relationIri(source: string, layer: string, relationId: string): string {
  return `${source}#${encodeURIComponent(layer)}/relations/${encodeURIComponent(relationId)}`;
}

/** The layer and relation id of an IRI written by {@link relationIri}; `undefined` for any other IRI. @internal */
export function layerAndRelationFromIri(iri: string, source: string): { layer: string; id: string } | undefined {
  const named = layerAndIdFromIri(iri, source);
  if (named === undefined) return undefined;
  const fragment = iri.slice(source.length + 1);
  const marker = fragment.indexOf('/relations/');
  if (marker <= 0) return undefined;
  return { layer: named.layer, id: safeDecode(fragment.slice(marker + '/relations/'.length)) };
}

/**
 * The span id of an annotation IRI: the id inside Glossa's own IRIs
 * (`urn:uuid:<id>`, `urn:glossa:annotation:<id>`), any other IRI as it is.
 * @internal
 */
export function spanIdFromIri(iri: string): string {
  if (iri.startsWith(ANNOTATION_URN)) return safeDecode(iri.slice(ANNOTATION_URN.length));
  if (iri.startsWith(UUID_URN) && UUID.test(iri.slice(UUID_URN.length))) return iri.slice(UUID_URN.length);
  return iri;
}

/** The user id of a creator IRI written by {@link defaultAnnotatorIri}; any other IRI as it is. @internal */
export function authorFromIri(iri: string): string {
  return iri.startsWith(ANNOTATOR_URN) ? safeDecode(iri.slice(ANNOTATOR_URN.length)) : iri;
}

/** The layer and span id of an IRI `<source>#<layer>/<span id>` ({@link spanIri}); `undefined` for any other IRI. @internal */
export function layerAndIdFromIri(iri: string, source: string): { layer: string; id: string } | undefined {
  if (!iri.startsWith(`${source}#`)) return undefined;
  const fragment = iri.slice(source.length + 1);
  const slash = fragment.indexOf('/');
  if (slash <= 0 || slash === fragment.length - 1) return undefined;
  return { layer: safeDecode(fragment.slice(0, slash)), id: safeDecode(fragment.slice(slash + 1)) };
}

/** `decodeURIComponent`, or the text as it is when it is not valid percent-encoding. @internal */
export function safeDecode(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
