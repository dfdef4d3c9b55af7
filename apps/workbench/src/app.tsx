/**
 * The app shell: who is signed in, the header and the current screen, and
 * signing out (see `components/sign-out-dialog.tsx`).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { fetchMe, logout } from './api.js';
import type { Me } from './api.js';
import { routeHash, useRoute } from './route.js';
import { LoginView } from './views/login-view.js';
import { ProjectListView } from './views/project-list-view.js';
import { DocumentListView } from './views/document-list-view.js';
import { DocumentView } from './views/document-view.js';
import { isServerAdmin } from './access.js';
import { AdminView, CurationView, DashboardView, GuidelinesView, PartLoading } from './lazy-parts.js';
import { SignOutDialog } from './components/sign-out-dialog.js';
import { clearSignedIn, markSignedIn, maybeSignedIn } from './session/sign-in-mark.js';

type SessionState =
  | { readonly kind: 'checking' }
  | { readonly kind: 'signed-out'; readonly problem?: string; readonly notice?: string }
  | { readonly kind: 'signed-in'; readonly me: Me };

/** The whole workbench. */
export function App(): JSX.Element {
  // Who is signed in is asked of the server only when this browser signed someone in (see `session/sign-in-mark.ts`).
  const [session, setSession] = useState<SessionState>(() => (maybeSignedIn() ? { kind: 'checking' } : { kind: 'signed-out' }));
  const route = useRoute();

  useEffect(() => {
    if (!maybeSignedIn()) return undefined;
    let cancelled = false;
    void fetchMe().then((result) => {
      if (cancelled) return;
      if (result.ok) setSession({ kind: 'signed-in', me: result.value });
      else if (result.errors[0]?.status === 401) {
        clearSignedIn();
        setSession({ kind: 'signed-out' });
      } else setSession({ kind: 'signed-out', problem: result.errors[0]?.message ?? 'cannot reach the server' });
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const [signingOut, setSigningOut] = useState(false);
  // While copies are checked and removed the screens are unmounted, so that no open document writes to its copy.
  const [documentsClosed, setDocumentsClosed] = useState(false);
  const whenDocumentsClosed = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (!documentsClosed) return;
    whenDocumentsClosed.current?.();
    whenDocumentsClosed.current = null;
  }, [documentsClosed]);
  const closeDocuments = useCallback(
    () =>
      new Promise<void>((resolve) => {
        whenDocumentsClosed.current = resolve;
        setDocumentsClosed(true);
        // Already closed: the effect above will not run again.
        if (documentsClosed) resolve();
      }),
    [documentsClosed],
  );

  const signOut = useCallback(async (notice?: string): Promise<string | null> => {
    const ended = await logout();
    // Only the server can end the session (its cookie is HttpOnly): until it has, the user is still signed in, and a reload would show it.
    // A 401 means the session had already ended.
    if (!ended.ok && !ended.errors.some((problem) => problem.status === 401)) {
      return `You are still signed in: the server could not end the session (${ended.errors.map((problem) => problem.message).join(' ')}). Try again once it can be reached.`;
    }
    clearSignedIn();
    setSigningOut(false);
    setDocumentsClosed(false);
    setSession({ kind: 'signed-out', ...(notice === undefined ? {} : { notice }) });
    location.hash = '#/';
    return null;
  }, []);

  if (session.kind === 'checking') {
    return (
      <main id="main" class="page page-centered">
        <p role="status">Loading…</p>
      </main>
    );
  }
  if (session.kind === 'signed-out') {
    return (
      <>
        {session.notice !== undefined && (
          <section class="page" aria-label="Signed out">
            <p role="status" class="success" data-testid="signed-out-notice">
              {session.notice}
            </p>
          </section>
        )}
        <LoginView
          problem={session.problem}
          onSignedIn={(me) => {
            markSignedIn();
            setSession({ kind: 'signed-in', me });
          }}
        />
      </>
    );
  }
  const { me } = session;
  return (
    <div class="app">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-header">
        <a class="brand" href="#/">
          Glossa
        </a>
        <nav aria-label="Breadcrumb" class="breadcrumb">
          <ol>
            <li>
              <a href="#/">Projects</a>
            </li>
            {route.name === 'admin' && (
              <li>
                <span aria-current="page">Administration</span>
              </li>
            )}
            {route.name !== 'projects' && route.name !== 'admin' && (
              <li>
                <a href={`#/projects/${encodeURIComponent(route.project)}`} aria-current={route.name === 'documents' ? 'page' : undefined}>
                  {route.project}
                </a>
              </li>
            )}
            {route.name === 'document' && (
              <li>
                <span aria-current="page">{route.doc}</span>
              </li>
            )}
            {route.name === 'curation' && (
              <>
                <li>
                  <a href={routeHash({ name: 'document', project: route.project, doc: route.doc })}>{route.doc}</a>
                </li>
                <li>
                  <span aria-current="page">Curation</span>
                </li>
              </>
            )}
            {route.name === 'dashboard' && (
              <li>
                <span aria-current="page">Agreement</span>
              </li>
            )}
            {route.name === 'guidelines' && (
              <li>
                <span aria-current="page">Guidelines</span>
              </li>
            )}
          </ol>
        </nav>
        <div class="account">
          {isServerAdmin(me) && (
            <a class="button" href={routeHash({ name: 'admin' })} aria-current={route.name === 'admin' ? 'page' : undefined}>
              Administration
            </a>
          )}
          <span class="account-name" data-testid="signed-in-user">
            {me.user}
          </span>
          <button type="button" class="button" aria-haspopup="dialog" onClick={() => setSigningOut(true)}>
            Sign out
          </button>
        </div>
      </header>
      {signingOut && (
        <SignOutDialog
          user={me.user}
          closeDocuments={closeDocuments}
          onSignOut={signOut}
          onClose={() => {
            setSigningOut(false);
            setDocumentsClosed(false);
          }}
        />
      )}
      {documentsClosed && (
        <main id="main" class="page">
          <p class="muted">The documents are closed while you sign out.</p>
        </main>
      )}
      {!documentsClosed && route.name === 'projects' && <ProjectListView />}
      {!documentsClosed && route.name === 'documents' && <DocumentListView project={route.project} />}
      {!documentsClosed && route.name === 'document' && <DocumentView key={`${route.project}/${route.doc}`} me={me} project={route.project} doc={route.doc} />}
      {!documentsClosed && route.name === 'curation' && (
        <PartLoading what="curation" page>
          <CurationView key={`${route.project}/${route.doc}`} me={me} project={route.project} doc={route.doc} />
        </PartLoading>
      )}
      {!documentsClosed && route.name === 'dashboard' && (
        <PartLoading what="the agreement dashboard" page>
          <DashboardView key={route.project} me={me} project={route.project} />
        </PartLoading>
      )}
      {!documentsClosed && route.name === 'guidelines' && (
        <PartLoading what="the guidelines" page>
          <GuidelinesView key={route.project} project={route.project} />
        </PartLoading>
      )}
      {!documentsClosed && route.name === 'admin' && (
        <PartLoading what="administration" page>
          <AdminView me={me} />
        </PartLoading>
      )}
    </div>
  );
}
