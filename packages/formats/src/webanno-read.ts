/**
 * Reading WebAnno TSV 3.3 files (FORMATS.md §9) into documents, spans and
 * relations.
 */
import { relationLabelById, validateRelations } from '@glossa/core';
import type { ImportContext, ImportInput, ImportResult } from './adapter.js';
import { splitPath } from './files.js';
import { decodeFiles, gatheredDocuments, importedSpan, isSpanLabel, spanLabelList } from './input.js';
import type { CorpusRelation, CorpusSpan, FormatIssue } from './model.js';
import { unescapeTsv } from './webanno-tsv.js';

/** Where the columns Glossa reads are, from the header: the span label, and the relation label and governor when there is a relation layer over the span layer. */
interface Columns {
  readonly span: number;
  readonly relation?: { readonly label: number; readonly governor: number };
}

/**
 * The columns of the layers a file declares (`#T_SP=`, `#T_CH=`, `#T_RL=`
 * lines, in order): the first span layer's first feature is the label; the
 * first relation layer whose base type (`BT_`) is that span layer gives the
 * relation label (its first feature) and the governor (its last column).
 * A slot feature (`ROLE_…`) takes two columns, a chain layer two.
 */
function readColumns(lines: readonly string[]): Columns {
  let column = 3;
  let spanLayer: string | undefined;
  let span = 3;
  let relation: Columns['relation'];
  for (const line of lines) {
    if (!line.startsWith('#T_')) {
      if (line.startsWith('#Text=') || (line !== '' && !line.startsWith('#'))) break;
      continue;
    }
    const [name = '', ...features] = line.slice(6).split('|');
    if (line.startsWith('#T_SP=')) {
      if (spanLayer === undefined) {
        spanLayer = name;
        span = column;
      }
      column += features.reduce((n, f) => n + (f.startsWith('ROLE_') ? 2 : 1), 0);
    } else if (line.startsWith('#T_CH=')) {
      column += 2;
    } else if (line.startsWith('#T_RL=')) {
      const own = features.filter((f) => !f.startsWith('BT_'));
      if (relation === undefined && own.length > 0 && features.includes(`BT_${spanLayer ?? ''}`)) relation = { label: column, governor: column + own.length };
      column += own.length + 1;
    }
  }
  return relation === undefined ? { span } : { span, relation };
}

/** A span as read, with its disambiguation id (0 when it has none). */
interface ReadSpan {
  readonly n: number;
  readonly span: { start: number; end: number; label: string; line: number };
}

/** A relation cell as read, resolved once every row is known. */
interface RelationCell {
  readonly line: number;
  /** The row key (`sentence-token`) of the dependent. */
  readonly row: string;
  readonly label: string;
  readonly governor: string;
  readonly source: number;
  readonly target: number;
}

/** Splits a cell at `|` that are not escaped. */
function cellParts(cell: string): string[] {
  return cell.split(/(?<!\\)\|/);
}

/**
 * Reads WebAnno TSV 3.3 files: the first span layer's first feature is the
 * label; a relation layer over it gives relations (label and governor
 * columns, the relation on its dependent's row, `[governor id_dependent
 * id]` where a row holds several spans), each with its label's direction.
 * The text is rebuilt from the sentences at their UTF-16 offsets (gaps
 * filled with spaces, a line break between sentences). A sub-folder names
 * the annotator.
 */
export async function importWebanno(input: ImportInput, ctx: ImportContext): Promise<ImportResult> {
  const issues: FormatIssue[] = [];
  const docs = new Map<string, { text: string; spans: CorpusSpan[]; relations: CorpusRelation[]; file: string }>();
  for (const { file, text: content } of decodeFiles(input.files.filter((f) => f.path.endsWith('.tsv')), ctx, issues)) {
    const { dir, stem } = splitPath(file.path);
    const layer = dir === '' ? (ctx.layer ?? 'shared') : (dir.split('/').pop() as string);
    const lines = content.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    const at = (line: number, field: string | undefined, message: string): void => void issues.push({ file: file.path, line, ...(field === undefined ? {} : { field }), message });
    if (lines[0] !== '#FORMAT=WebAnno TSV 3.3') {
      at(1, undefined, `expected '#FORMAT=WebAnno TSV 3.3', got '${lines[0] ?? ''}'`);
      continue;
    }
    const columns = readColumns(lines);
    let text = '';
    const open = new Map<string, ReadSpan['span']>();
    const spans: ReadSpan['span'][] = [];
    const rows = new Map<string, ReadSpan[]>();
    const cells: RelationCell[] = [];
    let sentenceText: string | undefined;
    let failed = false;
    let lastEnd = 0;
    lines.forEach((line, i) => {
      if (line.startsWith('#Text=')) {
        sentenceText = unescapeTsv(line.slice(6));
        return;
      }
      if (line === '' || line.startsWith('#')) return;
      const cols = line.split('\t');
      const m = /^(\d+)-(\d+)(?:\.\d+)?$/.exec(cols[0] ?? '');
      const o = /^(\d+)-(\d+)$/.exec(cols[1] ?? '');
      if (m === null || o === null || cols.length <= columns.span) {
        failed = true;
        return at(i + 1, undefined, `expected 'sentence-token<TAB>begin-end<TAB>token<TAB>label', got '${line}'`);
      }
      const begin = Number(o[1]);
      const end = Number(o[2]);
      const token = unescapeTsv(cols[2] as string);
      if (end - begin !== token.length) {
        failed = true;
        return at(i + 1, 'offsets', `token '${token}' has ${token.length} UTF-16 units but offsets ${begin}-${end}`);
      }
      if (begin < lastEnd) {
        failed = true;
        return at(i + 1, 'offsets', `begin ${begin} is before the end of the previous token (${lastEnd}): expected ascending offsets`);
      }
      lastEnd = end;
      if (sentenceText !== undefined) {
        // A new sentence: place its whole text, after a line break.
        if (text.length > 0 && begin > text.length) text += '\n';
        text += ' '.repeat(Math.max(0, begin - text.length));
        if (!sentenceText.startsWith(token)) {
          failed = true;
          return at(i + 1, 'token', `token '${token}' does not start the sentence text '${sentenceText}'`);
        }
        text += sentenceText;
        sentenceText = undefined;
      } else if (text.slice(begin, end) !== token) {
        failed = true;
        return at(i + 1, 'token', `token '${token}' does not match the sentence text at ${begin}-${end} ('${text.slice(begin, end)}')`);
      }
      const row: ReadSpan[] = [];
      rows.set(m[0], row);
      const value = cols[columns.span] as string;
      if (value !== '_' && value !== '*') {
        for (const part of cellParts(value)) {
          const pm = /^(.*?)(?:\[(\d+)\])?$/.exec(part) as RegExpExecArray;
          const label = unescapeTsv(pm[1] as string);
          if (!isSpanLabel(ctx.schema, label)) {
            failed = true;
            at(i + 1, 'label', `unknown label '${label}': expected one of ${spanLabelList(ctx.schema)}`);
            continue;
          }
          if (pm[2] === undefined) {
            const span = { start: begin, end, label, line: i + 1 };
            spans.push(span);
            row.push({ n: 0, span });
          } else {
            let span = open.get(pm[2]);
            if (span === undefined) {
              span = { start: begin, end, label, line: i + 1 };
              open.set(pm[2], span);
              spans.push(span);
            } else span.end = end;
            row.push({ n: Number(pm[2]), span });
          }
        }
      }
      if (columns.relation !== undefined) failed = readRelationCells(cols, columns.relation, m[0], i + 1, cells, at) || failed;
    });
    if (failed) continue;
    const built = spans.map((s, k) => importedSpan({ id: `${layer}-${k + 1}`, start: s.start, end: s.end, label: s.label, layer }));
    const { relations, lines: relationLines } = resolveRelations(cells, rows, (span) => (built[spans.indexOf(span)] as CorpusSpan).id, layer, ctx, at);
    for (const error of validateRelations(relations, built, ctx.schema)) at(relationLines[error.index] as number, 'relation', error.detail);
    const id = stem;
    const prev = docs.get(id);
    if (prev === undefined) docs.set(id, { text, spans: built, relations, file: file.path });
    else if (prev.text !== text) at(1, undefined, `the text differs from ${prev.file}: expected the same document text for every annotator`);
    else {
      prev.spans.push(...built);
      prev.relations.push(...relations);
    }
  }
  if (issues.length > 0) return { ok: false, errors: issues };
  return { ok: true, value: gatheredDocuments(docs) };
}

/** Reads the relation cells of a row into `cells`; returns whether the row had a problem (reported). */
function readRelationCells(
  cols: readonly string[],
  columns: NonNullable<Columns['relation']>,
  row: string,
  line: number,
  cells: RelationCell[],
  at: (line: number, field: string | undefined, message: string) => void,
): boolean {
  const labels = cols[columns.label] ?? '_';
  const governors = cols[columns.governor] ?? '_';
  if (labels === '_' && governors === '_') return false;
  const labelParts = cellParts(labels);
  const governorParts = cellParts(governors);
  if (labelParts.length !== governorParts.length) {
    at(line, 'relation', `${labelParts.length} relation labels but ${governorParts.length} governors: expected one governor per relation`);
    return true;
  }
  let failed = false;
  labelParts.forEach((label, k) => {
    const g = /^(\d+-\d+(?:\.\d+)?)(?:\[(\d+)_(\d+)\])?$/.exec(governorParts[k] as string);
    if (g === null) {
      failed = true;
      return at(line, 'governor', `'${governorParts[k] ?? ''}' is not a governor: expected sentence-token, with [governor id_dependent id] where a row holds several spans`);
    }
    if (label === '*' || label === '_') {
      failed = true;
      return at(line, 'relation', 'a relation without a label: expected a relation label of the schema');
    }
    cells.push({ line, row, label: unescapeTsv(label), governor: g[1] as string, source: Number(g[2] ?? 0), target: Number(g[3] ?? 0) });
  });
  return failed;
}

/** The relations of the cells (and the line of each), their ends the spans on the governor's and the dependent's rows. Problems are reported. */
function resolveRelations(
  cells: readonly RelationCell[],
  rows: ReadonlyMap<string, readonly ReadSpan[]>,
  idOf: (span: ReadSpan['span']) => string,
  layer: string,
  ctx: ImportContext,
  at: (line: number, field: string | undefined, message: string) => void,
): { relations: CorpusRelation[]; lines: number[] } {
  const relations: CorpusRelation[] = [];
  const lines: number[] = [];
  const pick = (row: string, n: number, role: string, line: number): ReadSpan['span'] | undefined => {
    const candidates = rows.get(row) ?? [];
    const found = n === 0 ? (candidates.length === 1 ? candidates[0] : undefined) : candidates.find((c) => c.n === n);
    if (found === undefined) {
      const why = candidates.length === 0 ? 'no span there' : n === 0 ? `${candidates.length} spans there and no [governor id_dependent id] to choose` : `no span [${n}] there`;
      at(line, 'governor', `the ${role} at ${row} cannot be found (${why})`);
    }
    return found?.span;
  };
  for (const cell of cells) {
    const definition = relationLabelById(ctx.schema, cell.label);
    if (definition === undefined) {
      const known = (ctx.schema.relationLabels ?? []).map((l) => l.id);
      at(cell.line, 'relation', `unknown relation label '${cell.label}': expected one of ${known.length === 0 ? '(the schema has no relation labels)' : known.join(', ')}`);
      continue;
    }
    const from = pick(cell.governor, cell.source, 'governor', cell.line);
    const to = pick(cell.row, cell.target, 'dependent', cell.line);
    if (from === undefined || to === undefined) continue;
    relations.push({ id: `${layer}-r${relations.length + 1}`, from: idOf(from), to: idOf(to), label: cell.label, directed: definition.directed, author: layer, status: 'proposed', note: '', created: 0, source: 'import', layer });
    lines.push(cell.line);
  }
  return { relations, lines };
}
