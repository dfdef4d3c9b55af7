/**
 * The workbench's routes, kept in the URL's hash (`#/projects/policy`) so
 * that the server serves one page for all of them and links survive a reload.
 */
import { useEffect, useState } from 'preact/hooks';

/** A screen of the workbench. */
export type Route =
  | { readonly name: 'projects' }
  | { readonly name: 'documents'; readonly project: string }
  | { readonly name: 'document'; readonly project: string; readonly doc: string }
  | { readonly name: 'curation'; readonly project: string; readonly doc: string }
  | { readonly name: 'dashboard'; readonly project: string }
  | { readonly name: 'guidelines'; readonly project: string }
  | { readonly name: 'admin' };

/**
 * Reads a route from a hash such as `#/projects/policy/documents/interview`
 * (`…/curate` for its curation, `#/projects/policy/dashboard` for the
 * agreement dashboard, `#/projects/policy/guidelines` for its guidelines;
 * `#/admin` for server administration); unknown hashes are the project list.
 */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((part) => part !== '');
  const decoded = parts.map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return '';
    }
  });
  const [first, project, third, doc, fifth] = decoded;
  if (first === 'admin' && project === undefined) return { name: 'admin' };
  if (first === 'projects' && project !== undefined && project !== '') {
    if (third === 'documents' && doc !== undefined && doc !== '') return fifth === 'curate' ? { name: 'curation', project, doc } : { name: 'document', project, doc };
    if (third === 'dashboard') return { name: 'dashboard', project };
    if (third === 'guidelines') return { name: 'guidelines', project };
    return { name: 'documents', project };
  }
  return { name: 'projects' };
}

/** The hash of a route, with each id percent-encoded. */
export function routeHash(route: Route): string {
  switch (route.name) {
    case 'projects':
      return '#/';
    case 'documents':
      return `#/projects/${encodeURIComponent(route.project)}`;
    case 'document':
      return `#/projects/${encodeURIComponent(route.project)}/documents/${encodeURIComponent(route.doc)}`;
    case 'curation':
      return `#/projects/${encodeURIComponent(route.project)}/documents/${encodeURIComponent(route.doc)}/curate`;
    case 'dashboard':
      return `#/projects/${encodeURIComponent(route.project)}/dashboard`;
    case 'guidelines':
      return `#/projects/${encodeURIComponent(route.project)}/guidelines`;
    case 'admin':
      return '#/admin';
  }
}

/** The current route, updated when the hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
