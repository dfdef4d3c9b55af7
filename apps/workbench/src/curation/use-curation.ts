/**
 * The state of the curation of one document, kept live: a `DocumentSession`
 * with every source layer (read) and gold (written), the spans and
 * disagreements derived from them after each change, layers created later
 * joining the sources, the chosen disagreement, the agreed spans that can be
 * accepted at once, and the decisions, written to gold with
 * `gold-layer.ts` under the curator's undo.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { readContentText, resolveLayer } from '@glossa/collab';
import type { DocumentListing } from '../api.js';
import { GOLD_LAYER } from '../access.js';
import { DocumentSession } from '../session/document-session.js';
import type { ConnectionStatus } from '../session/document-session.js';
import { useDocumentListPoll } from '../session/use-document-list-poll.js';
import { clusterSpans, disagreements } from './disagreements.js';
import type { LayerSpan, SpanCluster } from './disagreements.js';
import { agreedPlans, clusterHasGold } from './gold-plan.js';
import type { GoldPlan } from './gold-plan.js';
import { addGoldSpans, readGold, rejectionKey } from './gold-layer.js';
import type { GoldState, GoldWriter } from './gold-layer.js';
import { readGoldRelationProvenance, readLayerRelations } from './gold-relations.js';
import type { LayerRelation } from './gold-relations.js';
import type { RelationAnnotation } from '@glossa/core';

/** What the curation derives from the rooms after each change. */
export interface CurationState {
  readonly text: string;
  /** The spans of each source layer, in UTF-16 code units. */
  readonly layers: Readonly<Record<string, readonly LayerSpan[]>>;
  readonly clusters: readonly SpanCluster[];
  readonly gold: GoldState;
  /** The relations of every source layer, live and dangling, with their ends. */
  readonly relations: readonly LayerRelation[];
  /** The live relations of gold. */
  readonly goldRelations: readonly RelationAnnotation[];
  /** The layers each gold relation came from, by id. */
  readonly goldRelationProvenance: ReadonlyMap<string, readonly string[]>;
}

/** Where a disagreement stands: open, resolved by a gold span, or rejected as a whole. */
export type ClusterState = 'open' | 'resolved' | 'rejected';

/** Reads the text, the source layers' spans, their clusters and gold from an open session. */
export function readCurationState(session: DocumentSession, sources: readonly string[]): CurationState {
  const layers: Record<string, LayerSpan[]> = {};
  for (const layer of sources) {
    const open = session.layer(layer);
    if (open === undefined) continue;
    layers[layer] = resolveLayer(open.doc, session.content).spans.map((s) => ({ layer, id: s.id, start: s.start, end: s.end, label: s.label }));
  }
  const relations = sources.flatMap((layer) => {
    const open = session.layer(layer);
    return open === undefined ? [] : readLayerRelations(layer, open.doc, session.content);
  });
  const goldDoc = session.layer(GOLD_LAYER)?.doc;
  const gold: GoldState = goldDoc === undefined ? { spans: [], orphans: [], rejected: new Set() } : readGold(goldDoc, session.content);
  const goldRelations = goldDoc === undefined ? [] : readLayerRelations(GOLD_LAYER, goldDoc, session.content).filter((r) => r.from !== null && r.to !== null).map((r) => r.relation);
  const goldRelationProvenance = goldDoc === undefined ? new Map<string, readonly string[]>() : readGoldRelationProvenance(goldDoc);
  return { text: readContentText(session.content), layers, clusters: clusterSpans(layers), gold, relations, goldRelations, goldRelationProvenance };
}

/** Where `cluster` stands given what gold holds. */
export function clusterState(cluster: SpanCluster, gold: GoldState): ClusterState {
  if (clusterHasGold(cluster, gold.spans)) return 'resolved';
  if (cluster.spans.every((span) => gold.rejected.has(rejectionKey(span)))) return 'rejected';
  return 'open';
}

/** The live curation of a document and the decisions a curator can take on it. */
export interface Curation {
  readonly session: DocumentSession;
  /** The layers curated from (every layer of the document but gold), sorted. */
  readonly sources: readonly string[];
  /** Whether the text has loaded. */
  readonly ready: boolean;
  readonly status: ConnectionStatus;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly state: CurationState;
  /** The clusters the annotators disagree on, in text order, with where each stands. */
  readonly disagreements: readonly SpanCluster[];
  readonly clusterStates: ReadonlyMap<string, ClusterState>;
  /** How many disagreements are still open. */
  readonly openCount: number;
  /** The chosen cluster, or `null`. */
  readonly current: SpanCluster | null;
  /** Chooses a cluster by key. */
  readonly choose: (key: string | null) => void;
  /** Chooses the cluster at a text offset (UTF-16), if any. */
  readonly pickAt: (offset: number) => void;
  /** How many annotators must agree for *Accept where at least N agree*. */
  readonly minimum: number;
  readonly setMinimum: (minimum: number) => void;
  /** The spans every annotator agrees on and gold lacks. */
  readonly allAgree: readonly GoldPlan[];
  /** The spans at least `minimum` annotators agree on and gold lacks. */
  readonly atLeast: readonly GoldPlan[];
  /** Whether a source span was rejected. */
  readonly isRejected: (span: LayerSpan) => boolean;
  /** What the last decision did, for the live region. */
  readonly message: string;
  /**
   * Runs a decision on gold and announces `what`; when the text changed
   * under it (a span no longer fits) nothing is written and that is announced.
   */
  readonly act: (what: string, change: (writer: GoldWriter) => void) => void;
  /** Adds planned spans to gold (see `act`). */
  readonly accept: (plans: readonly GoldPlan[], what: string) => void;
}

/** Opens the curation of `doc` in `project` for `user`, curating from `initialSources`; `listings` is the project's document list as loaded. */
export function useCuration(project: string, doc: string, user: string, initialSources: readonly string[], listings: readonly DocumentListing[]): Curation {
  const [sources, setSources] = useState<readonly string[]>(initialSources);
  const session = useMemo(
    () =>
      new DocumentSession({
        project,
        doc,
        user,
        layers: [...sources.map((id) => ({ id, access: 'read' as const })), { id: GOLD_LAYER, access: 'write' as const }],
      }),
    [project, doc, user],
  );
  const [version, setVersion] = useState(0);
  const [ready, setReady] = useState(false);
  const [status, setStatus] = useState<ConnectionStatus>(session.status);
  const [chosen, setChosen] = useState<string | null>(null);
  const [minimum, setMinimum] = useState(Math.max(1, sources.length - 1));
  const [message, setMessage] = useState('');
  const [undoState, setUndoState] = useState({ canUndo: false, canRedo: false });

  const bump = useCallback((): void => setVersion((v) => v + 1), []);
  // A layer created after the document was opened (a new annotator's) joins the sources.
  useDocumentListPoll(project, listings, session.awareness, (next) => {
    const listing = next.find((d) => d.id === doc);
    const added = (listing?.layers ?? []).map((l) => l.layer).filter((layer) => layer !== GOLD_LAYER && session.layer(layer) === undefined);
    if (added.length === 0) return;
    for (const layer of added) session.addLayer({ id: layer, access: 'read' }).doc.on('update', bump);
    setSources((current) => [...current, ...added].sort());
  });

  useEffect(() => {
    let cancelled = false;
    const docs = [session.content, ...session.layers.map((layer) => layer.doc)];
    for (const d of docs) d.on('update', bump);
    const offSynced = session.onSynced(bump);
    const offStatus = session.onStatus(setStatus);
    const offUndo = session.undo.onChange(() => setUndoState({ canUndo: session.undo.canUndo, canRedo: session.undo.canRedo }));
    void session.whenContentReady().then(() => {
      if (!cancelled) setReady(true);
    });
    return () => {
      cancelled = true;
      for (const d of docs) d.off('update', bump);
      offSynced();
      offStatus();
      offUndo();
      session.destroy();
    };
  }, [session]);

  const state = useMemo(() => readCurationState(session, sources), [session, version, sources]);
  const writer: GoldWriter | null = useMemo(() => {
    const gold = session.layer(GOLD_LAYER);
    return gold === undefined ? null : { gold: gold.doc, content: session.content, user };
  }, [session]);
  const open = disagreements(state.clusters);
  const clusterStates = new Map(open.map((cluster) => [cluster.key, clusterState(cluster, state.gold)]));
  const isRejected = (span: LayerSpan): boolean => state.gold.rejected.has(rejectionKey(span));
  const annotators = Math.max(1, sources.length);

  const act = (what: string, change: (w: GoldWriter) => void): void => {
    if (writer === null) return;
    try {
      change(writer);
      setMessage(what);
    } catch (error) {
      // The text changed under the decision (a span no longer fits): say so, nothing was written.
      if (error instanceof RangeError) setMessage(`Not saved: ${error.message}`);
      else throw error;
    }
  };
  return {
    session,
    sources,
    ready,
    status,
    ...undoState,
    state,
    disagreements: open,
    clusterStates,
    openCount: [...clusterStates.values()].filter((s) => s === 'open').length,
    current: state.clusters.find((cluster) => cluster.key === chosen) ?? null,
    choose: setChosen,
    pickAt: (offset) => {
      const cluster = state.clusters.find((c) => c.start <= offset && offset < c.end);
      if (cluster !== undefined) setChosen(cluster.key);
    },
    minimum,
    setMinimum,
    allAgree: agreedPlans(state.clusters, annotators, state.gold.spans, isRejected),
    atLeast: agreedPlans(state.clusters, Math.min(Math.max(1, minimum), annotators), state.gold.spans, isRejected),
    isRejected,
    message,
    act,
    accept: (plans, what) => act(what, (w) => void addGoldSpans(w, plans)),
  };
}
