/**
 * The agreement dashboard of a project (curators and admins): the page
 * around the live figures of `dashboard/` (data in `use-dashboard.ts`, the
 * sections beside it): the unit choice, the agreement sections, progress,
 * the suggestion measures and the definitions of the measures.
 */
import type { JSX } from 'preact';
import type { DocumentListing, Me, ProjectDetails } from '../api.js';
import { canCurate } from '../access.js';
import { AgreementDefinitions } from '../dashboard/agreement-definitions.js';
import { AgreementFigures } from '../dashboard/agreement-sections.js';
import { ProgressSection } from '../dashboard/progress-section.js';
import { SuggestionSections } from '../dashboard/suggestion-sections.js';
import { useDashboardData } from '../dashboard/use-dashboard.js';
import type { DashboardData } from '../dashboard/use-dashboard.js';
import { useProjectListing } from './use-project-listing.js';
import { LoadingPage, ProblemPage } from './page-messages.js';

/** Props of `DashboardView`. */
export interface DashboardViewProps {
  readonly me: Me;
  readonly project: string;
}

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

/** The line under the heading: what the figures are and whether they are still coming. */
function liveStatus({ synced, unit, waitingForServer }: DashboardData): string {
  if (!synced) return 'Loading the annotators’ layers…';
  if (unit === 'char') return 'Live: the figures are recomputed here as the annotators work.';
  return waitingForServer ? 'Asking the server for the token figures…' : 'Live: the server recomputes the token figures as the annotators work.';
}

function Dashboard({ me, details, listings: initialListings }: DashboardProps): JSX.Element {
  const data = useDashboardData(details.id, me.user, initialListings);
  const { figures, unit, waitingForServer } = data;
  return (
    <main
      id="main"
      class="page dashboard"
      data-testid="dashboard"
      data-synced={data.synced ? 'true' : 'false'}
      data-updates={data.updates}
      data-unit={unit}
      data-ready={waitingForServer ? 'false' : 'true'}
    >
      <div class="page-heading">
        <h1>
          Agreement in <span class="project-name">{details.id}</span>
        </h1>
        <p class="muted" role="status">
          {liveStatus(data)}
        </p>
      </div>
      <div class="toolbar">
        <label class="field field-inline">
          <span>Unit</span>
          <select value={unit} onChange={(e) => data.setUnit(e.currentTarget.value === 'token' ? 'token' : 'char')} data-testid="unit-select">
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
      {figures.kind !== 'error' && <ProgressSection project={details.id} progress={figures.progress} listings={data.listings} />}
      <SuggestionSections project={details.id} />
      <AgreementDefinitions />
    </main>
  );
}
