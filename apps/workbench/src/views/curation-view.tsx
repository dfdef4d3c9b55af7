/**
 * Curation of one document (curators and admins): the annotators' layers
 * merged over the text with a mark per annotator, or side by side; the
 * disagreements listed and highlighted; per disagreement or span, accept one
 * annotator's span, merge same-label spans, reject, and edit or delete what
 * is in gold; the relations of each layer (dangling ones too), accepted
 * into gold with their ends or rejected. The state and the decisions are
 * `curation/use-curation.ts` and `curation/gold-relations.ts`;
 * every decision is written to the gold layer room with its provenance (see
 * `curation/gold-layer.ts`).
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { DocumentListing, Me, ProjectDetails } from '../api.js';
import { GOLD_LAYER, canCurate } from '../access.js';
import { routeHash } from '../route.js';
import { deleteGold, rejectSpans, relabelGold, setGoldBoundaries, unrejectSpans } from '../curation/gold-layer.js';
import { useCuration } from '../curation/use-curation.js';
import { acceptRelation, rejectRelation, unrejectRelation } from '../curation/gold-relations.js';
import { RelationCuration } from '../components/relation-curation.js';
import { AgreedSpansPanel } from '../components/agreed-spans-panel.js';
import { ClusterDetails, quoteOf } from '../components/cluster-details.js';
import { ConnectionIndicator } from '../components/connection-indicator.js';
import { CurationText } from '../components/curation-text.js';
import type { CurationLayout } from '../components/curation-text.js';
import { DisagreementList } from '../components/disagreement-list.js';
import { GoldList } from '../components/gold-list.js';
import { labelName } from '../components/label-field.js';
import { LayoutSwitch } from '../components/layout-switch.js';
import type { TextHighlight } from '../components/marked-text.js';
import { useProjectListing } from './use-project-listing.js';
import { LoadingPage, NoSuchDocumentPage, ProblemPage } from './page-messages.js';

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

function CurationWorkspace({ me, details, doc, title, sources: initialSources, listings }: WorkspaceProps): JSX.Element {
  const { schema } = details;
  const curation = useCuration(details.id, doc, me.user, initialSources, listings);
  const { state, current, act } = curation;
  const [layout, setLayout] = useState<CurationLayout>('merged');
  const name = (label: string): string => labelName(schema, label);

  const highlights: TextHighlight[] = curation.disagreements
    .filter((cluster) => curation.clusterStates.get(cluster.key) === 'open' || cluster.key === current?.key)
    .map((cluster) => ({ start: cluster.start, end: cluster.end, current: cluster.key === current?.key }));
  if (current !== null && !highlights.some((h) => h.current)) highlights.push({ start: current.start, end: current.end, current: true });

  return (
    <main id="main" class="curation-page" data-testid="curation" data-ready={curation.ready ? 'true' : 'false'} data-open={curation.openCount}>
      <div class="document-toolbar">
        <h1 class="document-title">Curation: {title}</h1>
        <ConnectionIndicator status={curation.status} />
        <a class="button" href={routeHash({ name: 'document', project: details.id, doc })}>
          Open in the editor
        </a>
        <a class="button" href={routeHash({ name: 'dashboard', project: details.id })}>
          Agreement dashboard
        </a>
        <div class="toolbar" role="group" aria-label="History">
          <button type="button" class="button" disabled={!curation.canUndo} onClick={() => curation.session.undo.undo()}>
            Undo
          </button>
          <button type="button" class="button" disabled={!curation.canRedo} onClick={() => curation.session.undo.redo()}>
            Redo
          </button>
        </div>
        <LayoutSwitch layout={layout} onChange={setLayout} />
      </div>
      <div class="curation-body">
        <CurationText
          schema={schema}
          title={title}
          layout={layout}
          ready={curation.ready}
          sources={curation.sources}
          state={state}
          highlights={highlights}
          onPick={curation.pickAt}
        />
        <aside class="side-pane curation-side" aria-label="Curation">
          <AgreedSpansPanel
            sources={curation.sources.length}
            allAgree={curation.allAgree}
            atLeast={curation.atLeast}
            minimum={curation.minimum}
            onMinimum={curation.setMinimum}
            onAccept={curation.accept}
          />
          <DisagreementList
            schema={schema}
            text={state.text}
            disagreements={curation.disagreements}
            states={curation.clusterStates}
            openCount={curation.openCount}
            chosen={current?.key ?? null}
            onChoose={curation.choose}
          />
          {current !== null && (
            <ClusterDetails
              schema={schema}
              text={state.text}
              cluster={current}
              number={current.agreed ? null : curation.disagreements.findIndex((c) => c.key === current.key) + 1}
              rejected={current.spans.every(curation.isRejected)}
              onAccept={(plan) => curation.accept([plan], `Accepted ${name(plan.label)} on “${quoteOf(state.text, plan.start, plan.end)}” from ${plan.provenance.join(', ')}.`)}
              onReject={() => act('Rejected these spans.', (w) => void rejectSpans(w, current.spans))}
              onUnreject={() => act('Took back the rejection.', (w) => unrejectSpans(w, current.spans))}
            />
          )}
          <RelationCuration
            schema={schema}
            text={state.text}
            relations={state.relations}
            goldSpans={state.gold.spans}
            goldRelations={state.goldRelations}
            goldProvenance={state.goldRelationProvenance}
            rejected={state.gold.rejected}
            onAccept={(item) => act(`Accepted the relation ${item.relation.label} from ${item.layer} into gold.`, (w) => void acceptRelation(w, item))}
            onReject={(item) => act(`Rejected the relation ${item.relation.label} of ${item.layer}.`, (w) => rejectRelation(w, item))}
            onUnreject={(item) => act('Took back the rejection of the relation.', (w) => unrejectRelation(w, item))}
          />
          <GoldList
            schema={schema}
            text={state.text}
            spans={state.gold.spans}
            orphans={state.gold.orphans}
            onRelabel={(id, label) => act(`Relabeled as ${name(label)}.`, (w) => relabelGold(w, id, label))}
            onMove={(id, start, end) => act('Moved the boundaries.', (w) => setGoldBoundaries(w, id, start, end))}
            onDelete={(id) => act('Deleted from gold.', (w) => void deleteGold(w, [id]))}
            onPick={(span) => curation.pickAt(span.start)}
          />
        </aside>
      </div>
      <div class="visually-hidden" aria-live="polite" data-testid="curation-announcer">
        {curation.message}
      </div>
    </main>
  );
}
