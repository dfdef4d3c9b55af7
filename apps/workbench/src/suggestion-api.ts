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

/** What users did with the suggestions they were shown, for one recommender, label or user. */
export interface FeedbackCounts {
  readonly shown: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly corrected: number;
  readonly acceptedRate: number | null;
}

/** `glossa suggest stats`, as the server answers it. */
export interface SuggestionStats {
  readonly total: FeedbackCounts;
  readonly byRecommender: Readonly<Record<string, FeedbackCounts>>;
  readonly byLabel: Readonly<Record<string, FeedbackCounts>>;
  readonly byUser: Readonly<Record<string, FeedbackCounts>>;
}

const rate = (value: unknown): number | null => (isNumber(value) ? value : null);

function readCounts(value: unknown): FeedbackCounts | undefined {
  if (!isRecord(value) || !isNumber(value.shown) || !isNumber(value.accepted) || !isNumber(value.rejected) || !isNumber(value.corrected)) return undefined;
  return { shown: value.shown, accepted: value.accepted, rejected: value.rejected, corrected: value.corrected, acceptedRate: rate(value.acceptedRate) };
}

function readGroup(value: unknown): Record<string, FeedbackCounts> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, FeedbackCounts> = {};
  for (const [key, counts] of Object.entries(value)) {
    const read = readCounts(counts);
    if (read === undefined) return undefined;
    out[key] = read;
  }
  return out;
}

/** `GET /api/projects/:p/suggestions/stats` (curators and admins). */
export async function fetchSuggestionStats(project: string): Promise<Result<SuggestionStats, ApiProblem>> {
  const path = `/api/projects/${encodeURIComponent(project)}/suggestions/stats`;
  return parsed(path, await getJson(path), (body) => {
    if (!isRecord(body)) return 'expected { total, byRecommender, byLabel, byUser }';
    const total = readCounts(body.total);
    const byRecommender = readGroup(body.byRecommender);
    const byLabel = readGroup(body.byLabel);
    const byUser = readGroup(body.byUser);
    if (total === undefined || byRecommender === undefined || byLabel === undefined || byUser === undefined) return 'expected { total, byRecommender, byLabel, byUser } of counts';
    return { total, byRecommender, byLabel, byUser };
  });
}

/** Precision, recall and F1 (null when undefined). */
export interface Prf {
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
}

/** One point of a learning curve: exact-match F1 after learning from `annotations` annotations. */
export interface CurvePoint {
  readonly annotations: number;
  readonly exact: Prf;
}

/** A recommender measured against gold, or why not. */
export type RecommenderMeasures =
  | { readonly recommender: string; readonly kind: string; readonly documents: number; readonly annotations: number; readonly exact: Prf; readonly overlap: Prf; readonly curve: readonly CurvePoint[] }
  | { readonly recommender: string; readonly kind: string; readonly skipped: string };

function readPrf(value: unknown): Prf | undefined {
  if (!isRecord(value)) return undefined;
  return { precision: rate(value.precision), recall: rate(value.recall), f1: rate(value.f1) };
}

/** The recommenders measured against gold, or why nothing could be. */
export interface RecommenderMeasuresAnswer {
  readonly recommenders: readonly RecommenderMeasures[];
  readonly unavailable?: string;
}

/** `GET /api/projects/:p/suggestions/measures` (curators and admins): each recommender against the gold layer. */
export async function fetchRecommenderMeasures(project: string): Promise<Result<RecommenderMeasuresAnswer, ApiProblem>> {
  const path = `/api/projects/${encodeURIComponent(project)}/suggestions/measures`;
  return parsed(path, await getJson(path), (body) => {
    if (!isRecord(body) || !Array.isArray(body.recommenders)) return 'expected { gold, recommenders: [...] }';
    if (typeof body.unavailable === 'string') return { recommenders: [], unavailable: body.unavailable };
    const out: RecommenderMeasures[] = [];
    for (const r of body.recommenders) {
      if (!isRecord(r) || typeof r.recommender !== 'string' || typeof r.kind !== 'string') return 'expected recommenders with a name and a kind';
      if (typeof r.skipped === 'string') {
        out.push({ recommender: r.recommender, kind: r.kind, skipped: r.skipped });
        continue;
      }
      const micro = isRecord(r.micro) ? r.micro : {};
      const exact = readPrf(micro.exact);
      const overlap = readPrf(micro.overlap);
      if (exact === undefined || overlap === undefined || !Array.isArray(r.curve)) return `recommender ${r.recommender}: expected micro.exact, micro.overlap and a curve`;
      const curve = r.curve.filter(isRecord).flatMap((p): CurvePoint[] => {
        const e = readPrf(p.exact);
        return isNumber(p.annotations) && e !== undefined ? [{ annotations: p.annotations, exact: e }] : [];
      });
      out.push({ recommender: r.recommender, kind: r.kind, documents: Number(r.documents ?? 0), annotations: Number(r.annotations ?? 0), exact, overlap, curve });
    }
    return { recommenders: out };
  });
}
