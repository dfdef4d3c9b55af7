/**
 * The parts of the workbench loaded on demand, each in its own chunk of the
 * build: the views other than sign-in, the project list, the document list
 * and the document view (curation, the agreement dashboard, guidelines,
 * administration) and the import and export dialogs. Opening a document
 * thus loads and parses only what it shows. While a part loads,
 * `PartLoading` says so to screen readers and sighted users alike. What the
 * document view needs offline (sign-out, shortcut help, annotate all) stays
 * in the entry chunk; the parts here are fetched once the page has been
 * idle a while (`warmParts`), so that the service worker holds them for a
 * later visit without a network.
 */
import { Suspense, lazy } from 'preact/compat';
import type { ComponentChildren, JSX } from 'preact';

export const CurationView = lazy(() => import('./views/curation-view.js').then((m) => ({ default: m.CurationView })));
export const DashboardView = lazy(() => import('./views/dashboard-view.js').then((m) => ({ default: m.DashboardView })));
export const GuidelinesView = lazy(() => import('./views/guidelines-view.js').then((m) => ({ default: m.GuidelinesView })));
export const AdminView = lazy(() => import('./views/admin-view.js').then((m) => ({ default: m.AdminView })));
export const ImportDialog = lazy(() => import('./components/import-dialog.js').then((m) => ({ default: m.ImportDialog })));
export const ExportDialog = lazy(() => import('./components/export-dialog.js').then((m) => ({ default: m.ExportDialog })));

const PART_MODULES: readonly (() => Promise<unknown>)[] = [
  () => import('./views/curation-view.js'),
  () => import('./views/dashboard-view.js'),
  () => import('./views/guidelines-view.js'),
  () => import('./views/admin-view.js'),
  () => import('./components/import-dialog.js'),
  () => import('./components/export-dialog.js'),
];

/** How long after the page loaded the parts are fetched, in milliseconds. */
const WARM_AFTER_MS = 10_000;

/** Fetches every part once the page has loaded and then been idle, so that the service worker caches them. */
export function warmParts(): void {
  setTimeout(() => {
    const warm = (): void => {
      for (const load of PART_MODULES) void load().catch(() => undefined);
    };
    if ('requestIdleCallback' in window) window.requestIdleCallback(warm, { timeout: WARM_AFTER_MS });
    else warm();
  }, WARM_AFTER_MS);
}

/** Shows `children`, or a status line naming `what` while their code loads. */
export function PartLoading({ what, page = false, children }: { readonly what: string; readonly page?: boolean; readonly children: ComponentChildren }): JSX.Element {
  const fallback = page ? (
    <main id="main" class="page">
      <p role="status">Loading {what}…</p>
    </main>
  ) : (
    <p role="status" class="muted part-loading">
      Loading {what}…
    </p>
  );
  return <Suspense fallback={fallback}>{children}</Suspense>;
}
