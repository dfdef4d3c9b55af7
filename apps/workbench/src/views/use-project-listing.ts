/**
 * A hook that loads what the views of one document or of a whole project
 * start from: the project's details and its document list.
 */
import { fetchDocuments, fetchProject } from '../api.js';
import type { DocumentListing, ProjectDetails } from '../api.js';
import { bothLoaded, useLoad } from './use-load.js';
import type { Loaded } from './use-load.js';

/** A project's details and its documents, as one load. */
export interface ProjectListing {
  readonly details: ProjectDetails;
  readonly documents: readonly DocumentListing[];
}

/** Loads the details and the document list of `project` and reports them together. */
export function useProjectListing(project: string): Loaded<ProjectListing> {
  const details = useLoad(() => fetchProject(project), [project]);
  const documents = useLoad(() => fetchDocuments(project), [project]);
  const both = bothLoaded(details, documents);
  return both.kind === 'loaded' ? { kind: 'loaded', value: { details: both.value[0], documents: both.value[1] } } : both;
}
