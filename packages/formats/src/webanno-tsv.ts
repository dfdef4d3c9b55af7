/**
 * What the WebAnno TSV 3.3 writer and reader share: the layers Glossa
 * writes and the escaping of reserved characters (FORMATS.md §9).
 */

/** The span layer and feature written in the header. */
export const WEBANNO_LAYER = 'webanno.custom.Span|label';

/** The relation layer, its feature and its base (span) type, written in the header of a file with relations. */
export const WEBANNO_RELATION_LAYER = 'webanno.custom.Relation|label|BT_webanno.custom.Span';

/** Escapes WebAnno TSV reserved characters: `\ [ ] | _ -> ; TAB LF *`. */
export function escapeTsv(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/->/g, '\\->').replace(/([[\]|_;*])/g, '\\$1').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Undoes `escapeTsv`. */
export function unescapeTsv(value: string): string {
  return value.replace(/\\(->|[\\[\]|_;*]|t|n|r)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

