/**
 * Suggestions in the dashboard: how often users accepted, rejected or
 * corrected what each recommender suggested (per recommender, label and
 * user, as `glossa suggest stats` counts), how each recommender does
 * against the gold layer (cross-validated precision, recall and F1) and
 * its learning curve (F1 against the number of annotations learned from),
 * as a chart and a table. Loaded from the server when the dashboard opens
 * and on *Refresh*.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { LineChart } from '../charts/line-chart.js';
import { fetchRecommenderMeasures, fetchSuggestionStats, type FeedbackCounts, type Prf, type RecommenderMeasures, type SuggestionStats } from '../suggestion-api.js';
import { useLoad } from '../views/use-load.js';

const COLORS = ['#1b6ca8', '#c0392b', '#2e8b57', '#8e44ad', '#d35400', '#2c3e50'];

const percent = (value: number | null): string => (value === null ? '—' : `${(100 * value).toFixed(1)}%`);
const figure = (value: number | null): string => (value === null ? '—' : value.toFixed(2));

function CountsTable({ title, testId, counts }: { readonly title: string; readonly testId: string; readonly counts: Readonly<Record<string, FeedbackCounts>> }): JSX.Element {
  const rows = Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return (
    <table class="table" data-testid={testId}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{title.replace(/^By /, '').replace(/^./, (c) => c.toUpperCase())}</th>
          <th scope="col" class="numeric">Shown</th>
          <th scope="col" class="numeric">Accepted</th>
          <th scope="col" class="numeric">Rejected</th>
          <th scope="col" class="numeric">Corrected</th>
          <th scope="col" class="numeric">Acceptance rate</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={6} class="muted">
              No suggestion shown yet.
            </td>
          </tr>
        )}
        {rows.map(([name, c]) => (
          <tr key={name} data-row={name}>
            <th scope="row">{name}</th>
            <td class="numeric">{c.shown}</td>
            <td class="numeric">{c.accepted}</td>
            <td class="numeric">{c.rejected}</td>
            <td class="numeric">{c.corrected}</td>
            <td class="numeric">{percent(c.acceptedRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AcceptanceSection({ stats }: { readonly stats: SuggestionStats }): JSX.Element {
  return (
    <>
      <h3>Acceptance</h3>
      <p class="muted">
        A suggestion counts as shown to everyone whose editor shows it; each user's latest decision on it counts once. “Corrected”: a span of another label or boundary made over it.
      </p>
      <CountsTable title="By recommender" testId="acceptance-by-recommender" counts={stats.byRecommender} />
      <CountsTable title="By label" testId="acceptance-by-label" counts={stats.byLabel} />
      <CountsTable title="By user" testId="acceptance-by-user" counts={stats.byUser} />
    </>
  );
}

const prfCells = (p: Prf): JSX.Element => (
  <>
    <td class="numeric">{figure(p.precision)}</td>
    <td class="numeric">{figure(p.recall)}</td>
    <td class="numeric">{figure(p.f1)}</td>
  </>
);

function GoldSection({ measures }: { readonly measures: readonly RecommenderMeasures[] }): JSX.Element {
  const measured = measures.flatMap((m) => ('skipped' in m ? [] : [m]));
  return (
    <>
      <h3>Against the gold layer</h3>
      <p class="muted">Cross-validated over the documents the gold layer annotates: each is predicted by a model trained on the others. Exact: same boundaries and label; overlap: same label, overlapping.</p>
      <table class="table" data-testid="recommender-gold">
        <caption class="visually-hidden">Precision, recall and F1 of each recommender against gold</caption>
        <thead>
          <tr>
            <th scope="col">Recommender</th>
            <th scope="col" class="numeric">Precision (exact)</th>
            <th scope="col" class="numeric">Recall (exact)</th>
            <th scope="col" class="numeric">F1 (exact)</th>
            <th scope="col" class="numeric">Precision (overlap)</th>
            <th scope="col" class="numeric">Recall (overlap)</th>
            <th scope="col" class="numeric">F1 (overlap)</th>
          </tr>
        </thead>
        <tbody>
          {measures.map((m) => (
            <tr key={m.recommender} data-row={m.recommender}>
              <th scope="row">
                {m.recommender} <span class="muted">({m.kind})</span>
              </th>
              {'skipped' in m ? (
                <td colSpan={6} class="muted">
                  Not measured: {m.skipped}.
                </td>
              ) : (
                <>
                  {prfCells(m.exact)}
                  {prfCells(m.overlap)}
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Learning curve</h3>
      {measured.every((m) => m.curve.length === 0) ? (
        <p class="muted">The curve needs gold annotations in at least two documents.</p>
      ) : (
        <>
          <LineChart
            id="learning-curve"
            title="Learning curve"
            description="Exact-match F1 of each recommender against gold, by the number of gold annotations it learned from."
            xName="annotations"
            yName="F1"
            series={measured.map((m, i) => ({ key: m.recommender, name: m.recommender, color: COLORS[i % COLORS.length] as string, points: m.curve.map((p) => ({ x: p.annotations, y: p.exact.f1 })) }))}
          />
          <table class="table" data-testid="learning-curve-table">
            <caption class="visually-hidden">Exact-match F1 by the number of annotations learned from</caption>
            <thead>
              <tr>
                <th scope="col">Recommender</th>
                <th scope="col" class="numeric">Annotations learned from</th>
                <th scope="col" class="numeric">F1 (exact)</th>
              </tr>
            </thead>
            <tbody>
              {measured.flatMap((m) =>
                m.curve.map((p) => (
                  <tr key={`${m.recommender}-${p.annotations}`} data-row={`${m.recommender}@${p.annotations}`}>
                    <th scope="row">{m.recommender}</th>
                    <td class="numeric">{p.annotations}</td>
                    <td class="numeric">{figure(p.exact.f1)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

/** The suggestion sections of a project's dashboard. */
export function SuggestionSections({ project }: { readonly project: string }): JSX.Element {
  const [reloadKey, setReloadKey] = useState(0);
  const stats = useLoad(() => fetchSuggestionStats(project), [project], reloadKey);
  const measures = useLoad(() => fetchRecommenderMeasures(project), [project], reloadKey);
  return (
    <section class="panel dashboard-section" aria-labelledby="suggestions-title" data-testid="suggestion-measures">
      <h2 id="suggestions-title">Suggestions</h2>
      <button type="button" class="button" onClick={() => setReloadKey((k) => k + 1)}>
        Refresh
      </button>
      {stats.kind === 'loading' && <p role="status">Counting what was done with suggestions…</p>}
      {stats.kind === 'failed' && <p class="error">{stats.message}</p>}
      {stats.kind === 'loaded' && <AcceptanceSection stats={stats.value} />}
      {measures.kind === 'loading' && <p role="status">Measuring the recommenders against gold…</p>}
      {measures.kind === 'failed' && <p class="muted" data-testid="measures-unavailable">{measures.message}</p>}
      {measures.kind === 'loaded' && measures.value.unavailable !== undefined && (
        <p class="muted" data-testid="measures-unavailable">
          The recommenders cannot be measured against gold yet: {measures.value.unavailable}.
        </p>
      )}
      {measures.kind === 'loaded' && measures.value.unavailable === undefined && <GoldSection measures={measures.value.recommenders} />}
    </section>
  );
}
