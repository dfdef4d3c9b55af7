/**
 * The agreement dashboard of a project (curators and admins): agreement per
 * label and per pair of annotators as tables and charts, label confusion,
 * and progress per annotator and document. In characters the figures are
 * computed in the browser with `computeAgreement` / `computeConfusion` on
 * the annotator layers, which the page keeps open over the sync socket and
 * recomputes (debounced) whenever one of them changes; in tokens they come
 * from the server's agreement route (its tokenizer), asked again after each
 * change. Layers and documents created after the page opened are picked up
 * from the polled document list.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ComponentChildren, JSX } from 'preact';
import { labelById } from '@glossa/core';
import type { AgreementMeasures, AgreementReport, AgreementUnit, ConfusionReport, LabelSchema } from '@glossa/core';
import { safeColor } from '@glossa/prosemirror';
import { fetchAgreement } from '../api.js';
import { CoalescedRefresh } from '../session/coalesced-refresh.js';
import type { DocumentListing, Me, ProjectDetails, ServerAgreement } from '../api.js';
import { GOLD_LAYER, canCurate } from '../access.js';
import { routeHash } from '../route.js';
import { BarChart } from '../charts/bar-chart.js';
import { HeatMap } from '../charts/heat-map.js';
import { dashboardFigures, formatMeasure, progressTable } from '../dashboard/agreement-figures.js';
import type { DashboardFigures, LoadedDocument, ProgressTable } from '../dashboard/agreement-figures.js';
import { AgreementDefinitions } from '../dashboard/agreement-definitions.js';
import { ProjectWatch } from '../dashboard/project-watch.js';
import type { WatchedDocumentSpec } from '../dashboard/project-watch.js';
import { DocumentListPoll } from '../session/document-list-poll.js';
import { DOCUMENT_STATUS_NAMES, documentStatus, isAnnotatorLayer, projectAnnotators } from '../curation/document-status.js';
import { useProjectListing } from './use-project-listing.js';
import { LoadingPage, ProblemPage } from './page-messages.js';

/** Props of `DashboardView`. */
export interface DashboardViewProps {
  readonly me: Me;
  readonly project: string;
}

/** The measures a label has, in the order the tables show them. */
const MEASURES: readonly { readonly key: keyof AgreementMeasures; readonly name: string }[] = [
  { key: 'kappa', name: 'κ (Cohen, mean over pairs)' },
  { key: 'fleiss', name: 'Fleiss κ' },
  { key: 'alpha', name: 'α (nominal)' },
  { key: 'alpha_u', name: 'αu (unitizing)' },
  { key: 'f1_exact', name: 'F1 exact' },
  { key: 'f1_overlap', name: 'F1 overlap' },
];

/** Loads the project, then watches its layers. */
export function DashboardView({ me, project }: DashboardViewProps): JSX.Element {
  const loaded = useProjectListing(project);
  if (loaded.kind === 'failed') return <ProblemPage title="Agreement">{loaded.message}</ProblemPage>;
  if (loaded.kind === 'loading') return <LoadingPage>Loading the project…</LoadingPage>;
  const { details, documents } = loaded.value;
  if (!canCurate(details.role)) {
    return (
      <ProblemPage title="Agreement">
        The agreement dashboard is for curators and admins; your role in “{project}” is {details.role}.
      </ProblemPage>
    );
  }
  return <Dashboard me={me} details={details} listings={documents} />;
}

interface DashboardProps {
  readonly me: Me;
  readonly details: ProjectDetails;
  readonly listings: readonly DocumentListing[];
}

/** What the server answered for the token figures. */
type ServerFigures =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly agreement: ServerAgreement }
  | { readonly kind: 'failed'; readonly message: string };

/** The annotator layers of each listed document, as the watch opens them. */
function watchedDocuments(listings: readonly DocumentListing[]): WatchedDocumentSpec[] {
  return listings.map((doc) => ({ id: doc.id, layers: doc.layers.map((l) => l.layer).filter(isAnnotatorLayer) }));
}

function Dashboard({ me, details, listings: initialListings }: DashboardProps): JSX.Element {
  const [listings, setListings] = useState<readonly DocumentListing[]>(initialListings);
  const watch = useMemo(() => new ProjectWatch({ project: details.id, user: me.user, documents: watchedDocuments(initialListings) }), [details.id, me.user]);
  const [loaded, setLoaded] = useState<readonly LoadedDocument[]>(() => watch.documents());
  const [synced, setSynced] = useState(false);
  const [updates, setUpdates] = useState(0);
  const [unit, setUnit] = useState<AgreementUnit>('char');
  const [server, setServer] = useState<ServerFigures>({ kind: 'loading' });
  useEffect(() => {
    const off = watch.onChange(() => {
      setLoaded(watch.documents());
      setSynced(watch.synced);
      setUpdates((n) => n + 1);
    });
    // Layers and documents created after the page opened: polled, and asked for at once when someone joins a room.
    const poll = new DocumentListPoll({ project: details.id, initial: initialListings });
    const offList = poll.onChange((next) => {
      setListings(next);
      watch.update(watchedDocuments(next));
    });
    const offJoin = watch.onJoin(() => poll.poke());
    return () => {
      off();
      offList();
      offJoin();
      poll.destroy();
      watch.destroy();
    };
  }, [watch]);

  // Token figures come from the server (the tokenizer runs there), asked again after changes of the layers:
  // one request at a time, at most one a second, however fast the layers change.
  const tokenRefresh = useMemo(
    () =>
      unit === 'token'
        ? new CoalescedRefresh({
            fetch: () => fetchAgreement(details.id, 'token'),
            onAnswer: (result: Awaited<ReturnType<typeof fetchAgreement>>) =>
              setServer(result.ok ? { kind: 'loaded', agreement: result.value } : { kind: 'failed', message: result.errors.map((e) => e.message).join(' ') }),
          })
        : null,
    [unit, details.id],
  );
  useEffect(() => () => tokenRefresh?.close(), [tokenRefresh]);
  useEffect(() => tokenRefresh?.request(), [tokenRefresh, updates]);

  const figures = useMemo((): DashboardFigures | { readonly kind: 'error'; readonly message: string } => {
    try {
      if (unit === 'char') return dashboardFigures(loaded);
      const progress = progressTable(loaded);
      if (progress.annotators.length < 2) return { kind: 'too-few-annotators', annotators: progress.annotators, progress };
      if (server.kind === 'failed') return { kind: 'error', message: server.message };
      if (server.kind === 'loading') return { kind: 'too-few-annotators', annotators: progress.annotators, progress };
      return { kind: 'figures', report: server.agreement.report, confusion: server.agreement.confusion, progress };
    } catch (error) {
      // A layer whose spans do not fit the text (a text edit not yet synced): wait for the next change.
      if (error instanceof RangeError) return { kind: 'error', message: error.message };
      throw error;
    }
  }, [loaded, unit, server]);
  const waitingForServer = unit === 'token' && server.kind === 'loading';

  return (
    <main id="main" class="page dashboard" data-testid="dashboard" data-synced={synced ? 'true' : 'false'} data-updates={updates} data-unit={unit} data-ready={waitingForServer ? 'false' : 'true'}>
      <div class="page-heading">
        <h1>
          Agreement in <span class="project-name">{details.id}</span>
        </h1>
        <p class="muted" role="status">
          {!synced
            ? 'Loading the annotators’ layers…'
            : unit === 'char'
              ? 'Live: the figures are recomputed here as the annotators work.'
              : waitingForServer
                ? 'Asking the server for the token figures…'
                : 'Live: the server recomputes the token figures as the annotators work.'}
        </p>
      </div>
      <div class="toolbar">
        <label class="field field-inline">
          <span>Unit</span>
          <select
            value={unit}
            onChange={(e) => {
              setServer({ kind: 'loading' });
              setUnit(e.currentTarget.value === 'token' ? 'token' : 'char');
            }}
            data-testid="unit-select"
          >
            <option value="char">Characters (computed in the browser)</option>
            <option value="token">Tokens (computed by the server)</option>
          </select>
        </label>
      </div>
      {figures.kind === 'error' && (
        <p class="error" role="alert">
          The layers cannot be compared right now: {figures.message}
        </p>
      )}
      {figures.kind === 'too-few-annotators' && !waitingForServer && (
        <p class="panel" data-testid="too-few-annotators">
          Agreement needs at least two annotators with a layer;{' '}
          {figures.annotators.length === 0 ? 'no annotator has one yet.' : `only ${figures.annotators.join(', ')} has one so far.`}
        </p>
      )}
      {figures.kind === 'figures' && <AgreementFigures schema={details.schema} report={figures.report} confusion={figures.confusion} />}
      {figures.kind !== 'error' && <Progress project={details.id} progress={figures.progress} listings={listings} />}
      <AgreementDefinitions />
    </main>
  );
}

/** A column heading of a column of figures. */
function NumericHeader({ children }: { readonly children: ComponentChildren }): JSX.Element {
  return (
    <th scope="col" class="numeric">
      {children}
    </th>
  );
}

/** A table cell with one agreement figure, marked with the measure it shows. */
function MeasureCell({ measure, value }: { readonly measure: keyof AgreementMeasures; readonly value: number | null }): JSX.Element {
  return (
    <td class="numeric" data-measure={measure}>
      {formatMeasure(value)}
    </td>
  );
}

function labelName(schema: LabelSchema, id: string): string {
  return labelById(schema, id)?.name ?? id;
}

function AgreementFigures({ schema, report, confusion }: { readonly schema: LabelSchema; readonly report: AgreementReport; readonly confusion: ConfusionReport }): JSX.Element {
  const [measure, setMeasure] = useState<keyof AgreementMeasures>('kappa');
  const labels = Object.keys(report.labels);
  const measureName = MEASURES.find((m) => m.key === measure)?.name ?? measure;
  return (
    <>
      <section class="panel dashboard-section" aria-labelledby="overall-title">
        <h2 id="overall-title">Overall</h2>
        <p>
          {report.annotators.length} annotators ({report.annotators.join(', ')}), {report.documents} documents compared, {report.units.toLocaleString('en')} units (
          {report.unit === 'char' ? 'non-whitespace characters' : 'tokens'}), {report.overall.labels} labels with support, {report.overall.support} spans.
        </p>
        <table class="table" data-testid="overall-table">
          <caption class="visually-hidden">Overall agreement: the mean of each measure over labels with support</caption>
          <thead>
            <tr>
              {MEASURES.map((m) => (
                <NumericHeader key={m.key}>{m.name}</NumericHeader>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {MEASURES.map((m) => (
                <MeasureCell key={m.key} measure={m.key} value={report.overall[m.key]} />
              ))}
            </tr>
          </tbody>
        </table>
      </section>

      <section class="panel dashboard-section" aria-labelledby="labels-title">
        <h2 id="labels-title">Per label</h2>
        <label class="field field-inline">
          <span>Chart of</span>
          <select value={measure} onChange={(e) => setMeasure(e.currentTarget.value as keyof AgreementMeasures)} data-testid="measure-select">
            {MEASURES.map((m) => (
              <option key={m.key} value={m.key}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <BarChart
          id="label-chart"
          title={`${measureName} per label`}
          description={`A bar per label; the table below gives the same figures. Labels: ${labels.map((l) => `${labelName(schema, l)} ${formatMeasure(report.labels[l]?.[measure] ?? null)}`).join('; ')}.`}
          bars={labels.map((l) => ({ key: l, name: labelName(schema, l), value: report.labels[l]?.[measure] ?? null, color: safeColor(labelById(schema, l)?.color) }))}
          format={formatMeasure}
          measure={measureName}
        />
        <table class="table" data-testid="label-table">
          <caption>Agreement per label (the chart’s figures as a table)</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              {MEASURES.map((m) => (
                <NumericHeader key={m.key}>{m.name}</NumericHeader>
              ))}
              <NumericHeader>Support</NumericHeader>
            </tr>
          </thead>
          <tbody>
            {labels.map((l) => {
              const row = report.labels[l];
              return (
                <tr key={l} data-label={l}>
                  <th scope="row">{labelName(schema, l)}</th>
                  {MEASURES.map((m) => (
                    <MeasureCell key={m.key} measure={m.key} value={row?.[m.key] ?? null} />
                  ))}
                  <td class="numeric" data-measure="support">
                    {row?.support ?? 0}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section class="panel dashboard-section" aria-labelledby="pairs-title">
        <h2 id="pairs-title">Per pair of annotators</h2>
        <HeatMap
          id="pair-heat-map"
          title="Cohen’s κ per pair of annotators"
          description={`A cell per pair, blue for agreement, red for disagreement; the table below gives the same figures. ${report.pairs.map((p) => `${p.a} and ${p.b}: ${formatMeasure(p.kappa)}`).join('; ')}.`}
          names={report.annotators}
          pairs={report.pairs.map((p) => ({ a: p.a, b: p.b, value: p.kappa }))}
          format={formatMeasure}
          measure="κ"
        />
        <table class="table" data-testid="pair-table">
          <caption>Agreement per pair (the heat map’s figures as a table)</caption>
          <thead>
            <tr>
              <th scope="col">Pair</th>
              <NumericHeader>Documents</NumericHeader>
              <NumericHeader>Units</NumericHeader>
              <NumericHeader>κ (mean over labels)</NumericHeader>
              <NumericHeader>F1 exact</NumericHeader>
              <NumericHeader>F1 overlap</NumericHeader>
            </tr>
          </thead>
          <tbody>
            {report.pairs.map((p) => (
              <tr key={`${p.a}|${p.b}`} data-a={p.a} data-b={p.b}>
                <th scope="row">
                  {p.a} × {p.b}
                </th>
                <td class="numeric">{p.documents}</td>
                <td class="numeric">{p.units.toLocaleString('en')}</td>
                <MeasureCell measure="kappa" value={p.kappa} />
                <MeasureCell measure="f1_exact" value={p.f1_exact} />
                <MeasureCell measure="f1_overlap" value={p.f1_overlap} />
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <ConfusionSection schema={schema} confusion={confusion} />

      <section class="panel dashboard-section" aria-labelledby="documents-agreement-title">
        <h2 id="documents-agreement-title">Per document</h2>
        <table class="table" data-testid="document-agreement-table">
          <caption class="visually-hidden">Agreement within each compared document</caption>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Annotators</th>
              <NumericHeader>Units</NumericHeader>
              <NumericHeader>κ</NumericHeader>
              <NumericHeader>α</NumericHeader>
              <NumericHeader>F1 exact</NumericHeader>
              <NumericHeader>F1 overlap</NumericHeader>
            </tr>
          </thead>
          <tbody>
            {report.perDocument.map((d) => (
              <tr key={d.doc} data-doc={d.doc}>
                <th scope="row">{d.doc}</th>
                <td>{d.annotators.join(', ')}</td>
                <td class="numeric">{d.units.toLocaleString('en')}</td>
                <MeasureCell measure="kappa" value={d.kappa} />
                <MeasureCell measure="alpha" value={d.alpha} />
                <MeasureCell measure="f1_exact" value={d.f1_exact} />
                <MeasureCell measure="f1_overlap" value={d.f1_overlap} />
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function ConfusionSection({ schema, confusion }: { readonly schema: LabelSchema; readonly confusion: ConfusionReport }): JSX.Element {
  const [chosen, setChosen] = useState(0);
  const pair = confusion.pairs[Math.min(chosen, confusion.pairs.length - 1)];
  const name = (l: string, i: number): string => (i === confusion.labels.length - 1 ? 'none' : labelName(schema, l));
  return (
    <section class="panel dashboard-section" aria-labelledby="confusion-title">
      <h2 id="confusion-title">Label confusion</h2>
      {confusion.pairs.length > 1 && (
        <label class="field field-inline">
          <span>Pair</span>
          <select value={String(chosen)} onChange={(e) => setChosen(Number(e.currentTarget.value))}>
            {confusion.pairs.map((p, i) => (
              <option key={`${p.a}|${p.b}`} value={String(i)}>
                {p.a} × {p.b}
              </option>
            ))}
          </select>
        </label>
      )}
      {pair !== undefined && (
        <div class="table-scroll">
          <table class="table confusion" data-testid="confusion-table">
            <caption>
              Units where {pair.a} (rows) used one label and {pair.b} (columns) another, over the {pair.documents} documents both have
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  {pair.a} ↓ / {pair.b} →
                </th>
                {confusion.labels.map((l, j) => (
                  <NumericHeader key={`c-${j}`}>{name(l, j)}</NumericHeader>
                ))}
              </tr>
            </thead>
            <tbody>
              {pair.matrix.map((row, i) => (
                <tr key={`r-${i}`}>
                  <th scope="row">{name(confusion.labels[i] ?? '', i)}</th>
                  {row.map((count, j) => (
                    <td class={i === j ? 'numeric diagonal' : 'numeric'} key={`c-${j}`}>
                      {count.toLocaleString('en')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Progress({ project, progress, listings }: { readonly project: string; readonly progress: ProgressTable; readonly listings: readonly DocumentListing[] }): JSX.Element {
  const annotators = progress.annotators.length > 0 ? progress.annotators : projectAnnotators(listings);
  return (
    <section class="panel dashboard-section" aria-labelledby="progress-title">
      <h2 id="progress-title">Progress</h2>
      <table class="table" data-testid="annotator-progress">
        <caption>Per annotator: documents with spans and spans in all</caption>
        <thead>
          <tr>
            <th scope="col">Annotator</th>
            <NumericHeader>Documents with spans</NumericHeader>
            <NumericHeader>Spans</NumericHeader>
          </tr>
        </thead>
        <tbody>
          {annotators.map((a) => (
            <tr key={a} data-annotator={a}>
              <th scope="row">{a}</th>
              <td class="numeric">
                {progress.totals[a]?.documents ?? 0} of {listings.length}
              </td>
              <td class="numeric">{progress.totals[a]?.spans ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table class="table" data-testid="document-progress">
        <caption>Per document: status and spans per annotator (— when the annotator has no layer for it)</caption>
        <thead>
          <tr>
            <th scope="col">Document</th>
            <th scope="col">Status</th>
            {annotators.map((a) => (
              <NumericHeader key={a}>{a}</NumericHeader>
            ))}
          </tr>
        </thead>
        <tbody>
          {listings.map((listing) => {
            const row = progress.rows.find((r) => r.doc === listing.id);
            // The live counts of the annotator layers, with gold as the document list reported it.
            const live: DocumentListing = {
              ...listing,
              layers: [
                ...listing.layers.filter((l) => l.layer === GOLD_LAYER),
                ...annotators.flatMap((a) => {
                  const n = row?.spans[a];
                  return n === null || n === undefined ? [] : [{ layer: a, spans: n }];
                }),
              ],
            };
            const status = documentStatus(live, annotators);
            return (
              <tr key={listing.id} data-doc={listing.id}>
                <th scope="row">
                  <a href={routeHash({ name: 'curation', project, doc: listing.id })}>{listing.title ?? listing.id}</a>
                </th>
                <td data-status={status}>{DOCUMENT_STATUS_NAMES[status]}</td>
                {annotators.map((a) => {
                  const n = row?.spans[a];
                  return (
                    <td class="numeric" key={a}>
                      {n === null || n === undefined ? <span class="muted">—</span> : n}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
