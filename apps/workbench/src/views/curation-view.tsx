/**
 * Curation of one document (curators and admins): the annotators' layers
 * merged over the text with a mark per annotator, or side by side; the
 * disagreements listed and highlighted; per disagreement or span, accept one
 * annotator's span, merge same-label spans, reject, and edit or delete what
 * is in gold. Every decision is written to the gold layer room with its
 * provenance (see `curation/gold-layer.ts`).
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { labelById } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import { readContentText, resolveLayer } from '@glossa/collab';
import { safeColor } from '@glossa/prosemirror';
import type { DocumentListing, Me, ProjectDetails } from '../api.js';
import { GOLD_LAYER, canCurate } from '../access.js';
import { routeHash } from '../route.js';
import { DocumentSession } from '../session/document-session.js';
import { userColor } from '../user-color.js';
import { clusterSpans, disagreements } from '../curation/disagreements.js';
import type { LayerSpan, SpanCluster } from '../curation/disagreements.js';
import { agreedPlans, clusterHasGold } from '../curation/gold-plan.js';
import type { GoldPlan } from '../curation/gold-plan.js';
import { addGoldSpans, deleteGold, readGold, rejectSpans, rejectionKey, relabelGold, setGoldBoundaries, unrejectSpans } from '../curation/gold-layer.js';
import type { GoldState, GoldWriter } from '../curation/gold-layer.js';
import { ClusterDetails, DISAGREEMENT_KIND_NAMES, quoteOf } from '../components/cluster-details.js';
import { GoldList } from '../components/gold-list.js';
import { MarkedText } from '../components/marked-text.js';
import type { TextHighlight, TextMark } from '../components/marked-text.js';
import { ConnectionIndicator } from '../components/connection-indicator.js';
import type { ConnectionStatus } from '../session/document-session.js';
import { useProjectListing } from './use-project-listing.js';
import { LoadingPage, NoSuchDocumentPage, ProblemPage } from './page-messages.js';
import { useDocumentListPoll } from './use-document-list-poll.js';

/** Props of `CurationView`. */
export interface CurationViewProps {
  readonly me: Me;
  readonly project: string;
  readonly doc: string;
}

/** Loads the project and the document's layers, then shows the curation workspace. */
export function CurationView({ me, project, doc }: CurationViewProps): JSX.Element {
  const loaded = useProjectListing(project);
  const title = <>Curation of {doc}</>;
  if (loaded.kind === 'failed') return <ProblemPage title={title}>{loaded.message}</ProblemPage>;
  if (loaded.kind === 'loading') return <LoadingPage>Opening {doc}…</LoadingPage>;
  const { details, documents } = loaded.value;
  if (!canCurate(details.role)) {
    return (
      <ProblemPage title={title}>
        Curation is for curators and admins; your role in “{project}” is {details.role}.
      </ProblemPage>
    );
  }
  const listing = documents.find((d) => d.id === doc);
  if (listing === undefined) return <NoSuchDocumentPage title={title} project={project} doc={doc} />;
  const sources = listing.layers.map((l) => l.layer).filter((layer) => layer !== GOLD_LAYER).sort();
  return <CurationWorkspace me={me} details={details} doc={doc} title={listing.title ?? doc} sources={sources} listings={documents} />;
}

interface WorkspaceProps {
  readonly me: Me;
  readonly details: ProjectDetails;
  readonly doc: string;
  readonly title: string;
  /** The layers curated from at first: every layer of the document but gold; layers created later are added. */
  readonly sources: readonly string[];
  /** The project's document list as the view loaded it. */
  readonly listings: readonly DocumentListing[];
}

/** What the workspace derives from the rooms after each change. */
interface CurationState {
  readonly text: string;
  readonly layers: Readonly<Record<string, readonly LayerSpan[]>>;
  readonly clusters: readonly SpanCluster[];
  readonly gold: GoldState;
}

function readState(session: DocumentSession, sources: readonly string[]): CurationState {
  const layers: Record<string, LayerSpan[]> = {};
  for (const layer of sources) {
    const open = session.layer(layer);
    if (open === undefined) continue;
    layers[layer] = resolveLayer(open.doc, session.content).spans.map((s) => ({ layer, id: s.id, start: s.start, end: s.end, label: s.label }));
  }
  const goldDoc = session.layer(GOLD_LAYER)?.doc;
  const gold: GoldState = goldDoc === undefined ? { spans: [], orphans: [], rejected: new Set() } : readGold(goldDoc, session.content);
  return { text: readContentText(session.content), layers, clusters: clusterSpans(layers), gold };
}

type ClusterState = 'open' | 'resolved' | 'rejected';

function clusterState(cluster: SpanCluster, gold: GoldState): ClusterState {
  if (clusterHasGold(cluster, gold.spans)) return 'resolved';
  if (cluster.spans.every((span) => gold.rejected.has(rejectionKey(span)))) return 'rejected';
  return 'open';
}

const CLUSTER_STATE_NAMES: Readonly<Record<ClusterState, string>> = { open: 'open', resolved: 'in gold', rejected: 'rejected' };

function CurationWorkspace({ me, details, doc, title, sources: initialSources, listings }: WorkspaceProps): JSX.Element {
  const { schema } = details;
  const [sources, setSources] = useState<readonly string[]>(initialSources);
  const session = useMemo(
    () =>
      new DocumentSession({
        project: details.id,
        doc,
        user: me.user,
        layers: [...sources.map((id) => ({ id, access: 'read' as const })), { id: GOLD_LAYER, access: 'write' as const }],
      }),
    [details.id, doc, me.user],
  );
  const [version, setVersion] = useState(0);
  const [ready, setReady] = useState(false);
  const [status, setStatus] = useState<ConnectionStatus>(session.status);
  const [mode, setMode] = useState<'merged' | 'side-by-side'>('merged');
  const [chosen, setChosen] = useState<string | null>(null);
  const [minimum, setMinimum] = useState(Math.max(1, sources.length - 1));
  const [message, setMessage] = useState('');
  const [undoState, setUndoState] = useState({ canUndo: false, canRedo: false });

  const bump = useCallback((): void => setVersion((v) => v + 1), []);
  // A layer created after the document was opened (a new annotator's) joins the sources.
  useDocumentListPoll(details.id, listings, session.awareness, (next) => {
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

  const state = useMemo(() => readState(session, sources), [session, version, sources]);
  const writer: GoldWriter | null = useMemo(() => {
    const gold = session.layer(GOLD_LAYER);
    return gold === undefined ? null : { gold: gold.doc, content: session.content, user: me.user };
  }, [session]);
  const open = disagreements(state.clusters);
  const states = new Map(open.map((cluster) => [cluster.key, clusterState(cluster, state.gold)]));
  const openCount = [...states.values()].filter((s) => s === 'open').length;
  const current = state.clusters.find((cluster) => cluster.key === chosen) ?? null;
  const isRejected = (span: LayerSpan): boolean => state.gold.rejected.has(rejectionKey(span));
  const allAgree = agreedPlans(state.clusters, Math.max(1, sources.length), state.gold.spans, isRejected);
  const atLeast = agreedPlans(state.clusters, Math.min(Math.max(1, minimum), Math.max(1, sources.length)), state.gold.spans, isRejected);

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
  const name = (label: string): string => labelById(schema, label)?.name ?? label;
  const accept = (plans: readonly GoldPlan[], what: string): void => act(what, (w) => void addGoldSpans(w, plans));
  const pickAt = (offset: number): void => {
    const cluster = state.clusters.find((c) => c.start <= offset && offset < c.end);
    if (cluster !== undefined) setChosen(cluster.key);
  };

  const highlights: TextHighlight[] = open
    .filter((cluster) => states.get(cluster.key) === 'open' || cluster.key === chosen)
    .map((cluster) => ({ start: cluster.start, end: cluster.end, current: cluster.key === chosen }));
  if (current !== null && !highlights.some((h) => h.current)) highlights.push({ start: current.start, end: current.end, current: true });

  return (
    <main id="main" class="curation-page" data-testid="curation" data-ready={ready ? 'true' : 'false'} data-open={openCount}>
      <div class="document-toolbar">
        <h1 class="document-title">Curation: {title}</h1>
        <ConnectionIndicator status={status} />
        <a class="button" href={routeHash({ name: 'document', project: details.id, doc })}>
          Open in the editor
        </a>
        <a class="button" href={routeHash({ name: 'dashboard', project: details.id })}>
          Agreement dashboard
        </a>
        <div class="toolbar" role="group" aria-label="History">
          <button type="button" class="button" disabled={!undoState.canUndo} onClick={() => session.undo.undo()}>
            Undo
          </button>
          <button type="button" class="button" disabled={!undoState.canRedo} onClick={() => session.undo.redo()}>
            Redo
          </button>
        </div>
        {/* A radio group: Tab reaches the chosen layout, the arrow keys choose the other one. */}
        <div
          class="toolbar"
          role="radiogroup"
          aria-label="Layout"
          onKeyDown={(event) => {
            if (!['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(event.key)) return;
            event.preventDefault();
            const next = mode === 'merged' ? 'side-by-side' : 'merged';
            setMode(next);
            event.currentTarget.querySelector<HTMLElement>(`[data-layout="${next}"]`)?.focus();
          }}
        >
          <button type="button" class="button" role="radio" aria-checked={mode === 'merged'} tabIndex={mode === 'merged' ? 0 : -1} data-layout="merged" onClick={() => setMode('merged')}>
            Merged
          </button>
          <button
            type="button"
            class="button"
            role="radio"
            aria-checked={mode === 'side-by-side'}
            tabIndex={mode === 'side-by-side' ? 0 : -1}
            data-layout="side-by-side"
            onClick={() => setMode('side-by-side')}
          >
            Side by side
          </button>
        </div>
      </div>
      <div class="curation-body">
        {/* Focusable so that keyboard users can scroll the text (it has no focusable content of its own). */}
        <section class="text-pane curation-text" aria-label="Document" tabIndex={0}>
          {!ready && <p role="status">Loading the text…</p>}
          <Legend sources={sources} />
          {sources.length === 0 && <p class="muted">No annotator has a layer for this document yet.</p>}
          {mode === 'merged' ? (
            <MarkedText
              text={state.text}
              marks={mergedMarks(state, schema)}
              highlights={highlights}
              style="underline"
              fillInk={safeColor(schema.textColor, '#000000')}
              label={`Text of ${title} with every layer`}
              onPick={pickAt}
              testId="merged-text"
            />
          ) : (
            <div class="side-by-side">
              {[...sources, GOLD_LAYER].map((layer) => (
                <div class="side-column" key={layer} data-layer={layer}>
                  <h2>{layer === GOLD_LAYER ? 'Gold' : layer}</h2>
                  <MarkedText
                    text={state.text}
                    marks={layerMarks(state, layer, schema)}
                    highlights={highlights}
                    style="fill"
                    fillInk={safeColor(schema.textColor, '#000000')}
                    label={`Text of ${title}: layer ${layer}`}
                    onPick={pickAt}
                  />
                </div>
              ))}
            </div>
          )}
        </section>
        <aside class="side-pane curation-side" aria-label="Curation">
          <section class="panel" aria-labelledby="auto-title">
            <h2 id="auto-title">Accept agreed spans</h2>
            <div class="toolbar">
              <button
                type="button"
                class="button"
                data-testid="accept-all-agree"
                disabled={allAgree.length === 0}
                onClick={() => accept(allAgree, `Accepted ${allAgree.length} spans all annotators agree on.`)}
              >
                Accept where all agree ({allAgree.length})
              </button>
            </div>
            <div class="toolbar">
              <label class="field field-inline">
                <span>At least</span>
                <input
                  type="number"
                  min={1}
                  max={Math.max(1, sources.length)}
                  value={minimum}
                  class="number-input"
                  onInput={(e) => {
                    const n = Number(e.currentTarget.value);
                    if (Number.isInteger(n) && n >= 1) setMinimum(n);
                  }}
                />
                <span>agree</span>
              </label>
              <button
                type="button"
                class="button"
                data-testid="accept-at-least"
                disabled={atLeast.length === 0}
                onClick={() => accept(atLeast, `Accepted ${atLeast.length} spans at least ${minimum} annotators agree on.`)}
              >
                Accept ({atLeast.length})
              </button>
            </div>
          </section>
          <section class="panel" aria-labelledby="disagreements-title">
            <h2 id="disagreements-title">
              Disagreements ({openCount} open of {open.length})
            </h2>
            {open.length === 0 && <p class="muted">The annotators agree on every span.</p>}
            <ol class="disagreement-items" data-testid="disagreement-list">
              {open.map((cluster, i) => {
                const s = states.get(cluster.key) ?? 'open';
                return (
                  <li key={cluster.key} data-cluster={cluster.key} data-state={s} data-kinds={cluster.kinds.join(' ')} class={cluster.key === chosen ? 'selected' : undefined}>
                    <button type="button" class="annotation-jump" aria-current={cluster.key === chosen ? 'true' : undefined} onClick={() => setChosen(cluster.key)}>
                      <span class="annotation-label">
                        {i + 1}. {cluster.candidates.map((c) => name(c.label)).filter((v, j, all) => all.indexOf(v) === j).join(' / ')}
                      </span>{' '}
                      <span class="annotation-quote">“{quoteOf(state.text, cluster.start, cluster.end)}”</span>
                      <span class="annotation-meta">
                        {cluster.kinds.map((kind) => DISAGREEMENT_KIND_NAMES[kind]).join('; ')} · {CLUSTER_STATE_NAMES[s]}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ol>
          </section>
          {current !== null && (
            <ClusterDetails
              schema={schema}
              text={state.text}
              cluster={current}
              number={current.agreed ? null : open.findIndex((c) => c.key === current.key) + 1}
              rejected={current.spans.every(isRejected)}
              onAccept={(plan) => accept([plan], `Accepted ${name(plan.label)} on “${quoteOf(state.text, plan.start, plan.end)}” from ${plan.provenance.join(', ')}.`)}
              onReject={() => act('Rejected these spans.', (w) => void rejectSpans(w, current.spans))}
              onUnreject={() => act('Took back the rejection.', (w) => unrejectSpans(w, current.spans))}
            />
          )}
          <GoldList
            schema={schema}
            text={state.text}
            spans={state.gold.spans}
            orphans={state.gold.orphans}
            onRelabel={(id, label) => act(`Relabeled as ${name(label)}.`, (w) => relabelGold(w, id, label))}
            onMove={(id, start, end) => act('Moved the boundaries.', (w) => setGoldBoundaries(w, id, start, end))}
            onDelete={(id) => act('Deleted from gold.', (w) => void deleteGold(w, [id]))}
            onPick={(span) => pickAt(span.start)}
          />
        </aside>
      </div>
      <div class="visually-hidden" aria-live="polite" data-testid="curation-announcer">
        {message}
      </div>
    </main>
  );
}

function Legend({ sources }: { readonly sources: readonly string[] }): JSX.Element {
  return (
    <ul class="legend" aria-label="Layers">
      {sources.map((layer) => (
        <li key={layer}>
          <span class="legend-line" style={{ backgroundColor: userColor(layer) }} aria-hidden="true" /> {layer}
        </li>
      ))}
      <li>
        <span class="legend-gold" aria-hidden="true" /> gold
      </li>
      <li>
        <span class="legend-disagreement" aria-hidden="true" /> open disagreement
      </li>
    </ul>
  );
}

function mergedMarks(state: CurationState, schema: LabelSchema): TextMark[] {
  const marks: TextMark[] = [];
  for (const [layer, spans] of Object.entries(state.layers)) {
    for (const span of spans) {
      marks.push({ start: span.start, end: span.end, kind: 'source', layer, label: span.label, color: userColor(layer), description: `${layer}: ${labelById(schema, span.label)?.name ?? span.label}` });
    }
  }
  for (const span of state.gold.spans) {
    marks.push({ start: span.start, end: span.end, kind: 'gold', layer: GOLD_LAYER, label: span.label, color: '#000000', description: `gold: ${labelById(schema, span.label)?.name ?? span.label}` });
  }
  return marks;
}

function layerMarks(state: CurationState, layer: string, schema: LabelSchema): TextMark[] {
  const spans = layer === GOLD_LAYER ? state.gold.spans : (state.layers[layer] ?? []);
  return spans.map((span) => ({
    start: span.start,
    end: span.end,
    kind: 'source',
    layer,
    label: span.label,
    color: safeColor(labelById(schema, span.label)?.color),
    description: `${layer}: ${labelById(schema, span.label)?.name ?? span.label}`,
  }));
}
