/**
 * Creating a project (server administrators): its id, its mode and its
 * label schema as JSON (typed, pasted or loaded from a file such as
 * `seeds/schema.json`), checked by the server, which names each problem.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { ProjectListing, ProjectMode } from '../api.js';
import { createProject } from '../admin-api.js';
import { ActionResultLine, failed, type ActionResult } from './action-result.js';

/** Props of `ProjectAdmin`. */
export interface ProjectAdminProps {
  readonly projects: readonly ProjectListing[];
  /** Called after a project was created. */
  readonly onChanged: () => void;
}

/** Reads a schema text as JSON, or the parser's message. */
export function readSchemaJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `The label schema is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The project table and the form that creates one. */
export function ProjectAdmin({ projects, onChanged }: ProjectAdminProps): JSX.Element {
  const [id, setId] = useState('');
  const [mode, setMode] = useState<ProjectMode>('shared');
  const [schema, setSchema] = useState('');
  const [result, setResult] = useState<ActionResult>(null);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const parsedSchema = readSchemaJson(schema);
    if (!parsedSchema.ok) return setResult({ kind: 'failed', message: parsedSchema.message });
    const created = await createProject(id.trim(), mode, parsedSchema.value);
    if (!created.ok) return setResult(failed(created.errors));
    setResult({ kind: 'done', message: `Project “${id.trim()}” created (${mode}).` });
    setId('');
    onChanged();
  };

  return (
    <section aria-labelledby="admin-projects">
      <h2 id="admin-projects">Projects</h2>
      <table class="table" data-testid="admin-project-table">
        <caption class="visually-hidden">Projects you have a role in</caption>
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col">Mode</th>
            <th scope="col" class="numeric">Documents</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((project) => (
            <tr key={project.id}>
              <th scope="row">
                <a href={`#/projects/${encodeURIComponent(project.id)}`}>{project.id}</a>
              </th>
              <td>{project.mode}</td>
              <td class="numeric">{project.documents}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="admin-form" aria-labelledby="admin-new-project" onSubmit={(event) => void submit(event)}>
        <h3 id="admin-new-project">New project</h3>
        <label class="field">
          <span>Project id</span>
          <input required value={id} onInput={(event) => setId(event.currentTarget.value)} pattern="[A-Za-z0-9_][A-Za-z0-9._\-]{0,127}" />
        </label>
        <fieldset>
          <legend>Mode</legend>
          <label>
            <input type="radio" name="project-mode" value="shared" checked={mode === 'shared'} onChange={() => setMode('shared')} /> Shared: the team annotates one layer together
          </label>
          <label>
            <input type="radio" name="project-mode" value="independent" checked={mode === 'independent'} onChange={() => setMode('independent')} /> Independent: each annotator works blind in their own layer
          </label>
        </fieldset>
        <label class="field">
          <span>Label schema (JSON, as in seeds/schema.json)</span>
          <textarea required rows={8} value={schema} onInput={(event) => setSchema(event.currentTarget.value)} data-testid="admin-schema" />
        </label>
        <label class="field">
          <span>Or load the schema from a file</span>
          <input type="file" accept=".json,application/json" onChange={(event) => void event.currentTarget.files?.[0]?.text().then(setSchema)} />
        </label>
        <button type="submit" class="button primary">
          Create project
        </button>
        <ActionResultLine result={result} testId="admin-project-result" />
      </form>
    </section>
  );
}
