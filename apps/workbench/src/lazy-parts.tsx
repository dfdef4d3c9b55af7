/**
 * The parts of the workbench loaded on demand, each in its own chunk of the
 * build: the views other than sign-in, the project list, the document list
 * and the document view (curation, the agreement dashboard, guidelines,
 * administration) and the dialogs not needed to show a document (sign-out,
 * import, export, shortcut help, annotate all occurrences). Opening a
 * document thus loads and parses only what it shows. While a part loads,
 * `PartLoading` says so to screen readers and sighted users alike.
 */
import { Suspense, lazy } from 'preact/compat';
import type { ComponentChildren, JSX } from 'preact';

export const CurationView = lazy(() => import('./views/curation-view.js').then((m) => ({ default: m.CurationView })));
export const DashboardView = lazy(() => import('./views/dashboard-view.js').then((m) => ({ default: m.DashboardView })));
export const GuidelinesView = lazy(() => import('./views/guidelines-view.js').then((m) => ({ default: m.GuidelinesView })));
export const AdminView = lazy(() => import('./views/admin-view.js').then((m) => ({ default: m.AdminView })));
export const SignOutDialog = lazy(() => import('./components/sign-out-dialog.js').then((m) => ({ default: m.SignOutDialog })));
export const ImportDialog = lazy(() => import('./components/import-dialog.js').then((m) => ({ default: m.ImportDialog })));
export const ExportDialog = lazy(() => import('./components/export-dialog.js').then((m) => ({ default: m.ExportDialog })));
export const ShortcutHelp = lazy(() => import('./components/shortcut-help.js').then((m) => ({ default: m.ShortcutHelp })));
export const AnnotateAllDialog = lazy(() => import('./components/annotate-all-dialog.js').then((m) => ({ default: m.AnnotateAllDialog })));

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
