/**
 * A hook that loads what the document view needs before it can show the
 * text: the project's details and this document's title and layers (one
 * cheap request each). The project's document list, whose figures cost the
 * server a load of every room, is not waited for.
 */
import { fetchDocument, fetchProject } from '../api.js';
import type { ApiProblem, DocumentOpening, ProjectDetails } from '../api.js';
import { useEffect, useState } from 'preact/hooks';

/** The state of opening a document: loading, ready, no such document, or failed with a message. */
export type Opening =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly details: ProjectDetails; readonly document: DocumentOpening }
  | { readonly kind: 'missing' }
  | { readonly kind: 'failed'; readonly message: string };

function message(problems: readonly ApiProblem[]): string {
  return problems.map((problem) => problem.message).join('\n');
}

/** Loads the details of `project` and the title and layers of `doc` together. */
export function useDocumentOpening(project: string, doc: string): Opening {
  const [state, setState] = useState<Opening>({ kind: 'loading' });
  useEffect(() => {
    let cancelled = false;
    setState({ kind: 'loading' });
    void Promise.all([fetchProject(project), fetchDocument(project, doc)]).then(([details, document]) => {
      if (cancelled) return;
      if (!details.ok) setState({ kind: 'failed', message: message(details.errors) });
      else if (!document.ok) setState(document.errors.some((problem) => problem.status === 404) ? { kind: 'missing' } : { kind: 'failed', message: message(document.errors) });
      else setState({ kind: 'loaded', details: details.value, document: document.value });
    });
    return () => {
      cancelled = true;
    };
  }, [project, doc]);
  return state;
}
