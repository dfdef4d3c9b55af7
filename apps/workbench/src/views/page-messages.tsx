/**
 * The pages a view shows instead of its content: while it loads, and when
 * it cannot show anything (a failed load, no access, no such document).
 */
import type { ComponentChildren, JSX } from 'preact';

/** A page that says what is being loaded. */
export function LoadingPage({ children }: { readonly children: ComponentChildren }): JSX.Element {
  return (
    <main id="main" class="page">
      <p role="status">{children}</p>
    </main>
  );
}

/** A page with a heading and an alert saying why the view cannot be shown. */
export function ProblemPage({ title, children }: { readonly title: ComponentChildren; readonly children: ComponentChildren }): JSX.Element {
  return (
    <main id="main" class="page">
      <h1>{title}</h1>
      <p class="error" role="alert">
        {children}
      </p>
    </main>
  );
}

/** The page of a view whose project has no document of the requested id. */
export function NoSuchDocumentPage({ title, project, doc }: { readonly title: ComponentChildren; readonly project: string; readonly doc: string }): JSX.Element {
  return (
    <ProblemPage title={title}>
      Project “{project}” has no document “{doc}”.
    </ProblemPage>
  );
}
