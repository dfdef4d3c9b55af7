/**
 * The server's suggestion routes as the workbench reads them: the ranking
 * of a project's documents by expected usefulness for the caller's own
 * suggestion scope, and the suggestion statistics (curators).
 */
import type { Result } from '@glossa/core';
import { getJson, isRecord, parsed, type ApiProblem } from './api.js';

/** A document left to annotate, with why it ranks where it does. */
export interface RankedDocument {
  readonly id: string;
  /** Mean uncertainty of its suggestions (1 without any). */
  readonly uncertainty: number;
  /** 1 − the highest TF-IDF cosine similarity to an annotated document. */
  readonly novelty: number;
  /** uncertainty × novelty. */
  readonly usefulness: number;
}

/** The documents of a project for the caller's suggestion scope. */
export interface DocumentRanking {
  readonly scope: string;
  /** Documents left to annotate, most useful first. */
  readonly ranked: readonly RankedDocument[];
  /** Documents the scope already learns from. */
  readonly annotated: readonly string[];
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** `GET /api/projects/:p/suggestions/ranking`. */
export async function fetchDocumentRanking(project: string): Promise<Result<DocumentRanking, ApiProblem>> {
  const path = `/api/projects/${encodeURIComponent(project)}/suggestions/ranking`;
  return parsed(path, await getJson(path), (body) => {
    if (!isRecord(body) || typeof body.scope !== 'string' || !Array.isArray(body.ranked) || !Array.isArray(body.annotated)) return 'expected { scope, ranked: [...], annotated: [...] }';
    const ranked = body.ranked.filter(isRecord).flatMap((r): RankedDocument[] =>
      typeof r.id === 'string' && isNumber(r.uncertainty) && isNumber(r.novelty) && isNumber(r.usefulness) ? [{ id: r.id, uncertainty: r.uncertainty, novelty: r.novelty, usefulness: r.usefulness }] : [],
    );
    return { scope: body.scope, ranked, annotated: body.annotated.filter((d): d is string => typeof d === 'string') };
  });
}

/** Ids in the order of the ranking (most useful first), then the other documents in their own order. */
export function orderByRanking<D extends { readonly id: string }>(documents: readonly D[], ranking: DocumentRanking): D[] {
  const place = new Map(ranking.ranked.map((r, i) => [r.id, i]));
  const ranked = documents.filter((d) => place.has(d.id)).sort((a, b) => (place.get(a.id) as number) - (place.get(b.id) as number));
  return [...ranked, ...documents.filter((d) => !place.has(d.id))];
}
