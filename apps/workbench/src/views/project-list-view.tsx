/**
 * The list of projects the signed-in user has a role in.
 */
import type { JSX } from 'preact';
import { fetchProjects } from '../api.js';
import { routeHash } from '../route.js';
import { useLoad } from './use-load.js';

/** The project list. */
export function ProjectListView(): JSX.Element {
  const projects = useLoad(() => fetchProjects(), []);
  return (
    <main id="main" class="page">
      <h1>Projects</h1>
      {projects.kind === 'loading' && <p role="status">Loading projects…</p>}
      {projects.kind === 'failed' && (
        <p class="error" role="alert">
          {projects.message}
        </p>
      )}
      {projects.kind === 'loaded' && projects.value.length === 0 && <p>You have no role in any project yet. Ask an administrator to add you to one.</p>}
      {projects.kind === 'loaded' && projects.value.length > 0 && (
        <table class="table">
          <caption class="visually-hidden">Your projects</caption>
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Schema</th>
              <th scope="col">Mode</th>
              <th scope="col">Your role</th>
              <th scope="col" class="numeric">Documents</th>
            </tr>
          </thead>
          <tbody>
            {projects.value.map((project) => (
              <tr key={project.id}>
                <th scope="row">
                  <a href={routeHash({ name: 'documents', project: project.id })}>{project.id}</a>
                </th>
                <td>{project.schema}</td>
                <td>{project.mode}</td>
                <td>{project.role}</td>
                <td class="numeric">{project.documents}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
