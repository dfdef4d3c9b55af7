/**
 * A project's annotation guidelines: every label with its color, key and
 * description, linked to the section of the guidelines that names it (where
 * its examples are written), then the guidelines themselves, written in
 * Markdown by the project's admins and curators (rendered by `markdown.tsx`,
 * which never parses HTML). Admins and curators edit them here, with a
 * preview, and save them to the server.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { labelsByGroup, type LabelDefinition, type LabelSchema } from '@glossa/core';
import { safeColor } from '@glossa/prosemirror';
import { fetchGuidelines, fetchProject, saveGuidelines, type Guidelines } from '../api.js';
import { canCurate } from '../access.js';
import { Markdown, headingId, jumpTo, markdownBlocks } from '../markdown.js';
import { bothLoaded, useLoad } from './use-load.js';
import { LoadingPage, ProblemPage } from './page-messages.js';

/** Props of `GuidelinesView`. */
export interface GuidelinesViewProps {
  readonly project: string;
}

/**
 * The id of the guidelines' heading about a label: the first heading that
 * names the label's id or name, or undefined when none does.
 */
export function labelSection(markdown: string, label: LabelDefinition): string | undefined {
  const names = [label.id.toLowerCase(), label.name.toLowerCase()];
  for (const block of markdownBlocks(markdown)) {
    if (block.kind === 'heading' && names.some((name) => block.text.toLowerCase().includes(name))) return headingId(block.text);
  }
  return undefined;
}

/** Loads the project and its guidelines. */
export function GuidelinesView({ project }: GuidelinesViewProps): JSX.Element {
  const [reloadKey, setReloadKey] = useState(0);
  const loaded = bothLoaded(
    useLoad(() => fetchProject(project), [project]),
    useLoad(() => fetchGuidelines(project), [project], reloadKey),
  );
  if (loaded.kind === 'failed') return <ProblemPage title="Guidelines">{loaded.message}</ProblemPage>;
  if (loaded.kind === 'loading') return <LoadingPage>Loading the guidelines…</LoadingPage>;
  const [details, guidelines] = loaded.value;
  return <GuidelinesPage project={project} schema={details.schema} guidelines={guidelines} canEdit={canCurate(details.role)} onSaved={() => setReloadKey((k) => k + 1)} />;
}

interface GuidelinesPageProps {
  readonly project: string;
  readonly schema: LabelSchema;
  readonly guidelines: Guidelines;
  readonly canEdit: boolean;
  readonly onSaved: () => void;
}

function GuidelinesPage({ project, schema, guidelines, canEdit, onSaved }: GuidelinesPageProps): JSX.Element {
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const shown = draft ?? guidelines.markdown;

  const save = async (): Promise<void> => {
    if (draft === null) return;
    setSaving(true);
    const saved = await saveGuidelines(project, draft);
    setSaving(false);
    if (!saved.ok) {
      setProblem(saved.errors.map((e) => e.message).join('\n'));
      return;
    }
    setProblem(null);
    setDraft(null);
    onSaved();
  };

  return (
    <main id="main" class="page guidelines" data-testid="guidelines">
      <div class="page-heading">
        <h1>
          Guidelines of <span class="project-name">{project}</span>
        </h1>
        {canEdit && draft === null && (
          <div class="toolbar" role="group" aria-label="Guidelines actions">
            <button type="button" class="button" onClick={() => setDraft(guidelines.markdown)}>
              Edit guidelines
            </button>
          </div>
        )}
      </div>
      {guidelines.updatedBy !== undefined && guidelines.updated !== undefined && (
        <p class="muted">
          Last saved by {guidelines.updatedBy} on {new Date(guidelines.updated).toLocaleString('en')}.
        </p>
      )}
      <section aria-labelledby="guideline-labels">
        <h2 id="guideline-labels">Labels</h2>
        {labelsByGroup(schema).map(({ group, labels }) => (
          <section key={group?.id ?? '(none)'} aria-label={group?.name ?? 'Other labels'}>
            <h3>{group?.name ?? 'Other labels'}</h3>
            {group?.description !== undefined && <p class="muted">{group.description}</p>}
            <dl class="guideline-labels">
              {labels.map((label) => {
                const section = labelSection(shown, label);
                return (
                  <div key={label.id} data-label={label.id}>
                    <dt>
                      <span class="guideline-swatch" style={{ backgroundColor: safeColor(label.color) }} aria-hidden="true" />
                      {label.name}
                      {label.hotkey !== undefined && (
                        <>
                          {' '}
                          <kbd class="hotkey" aria-label={`key ${label.hotkey}`}>
                            {label.hotkey}
                          </kbd>
                        </>
                      )}
                    </dt>
                    <dd>
                      {label.description}
                      {section !== undefined && (
                        <>
                          {' '}
                          <a href={`#${section}`} onClick={(event) => jumpTo(event, section)}>
                            Rules and examples for {label.name}
                          </a>
                        </>
                      )}
                    </dd>
                  </div>
                );
              })}
            </dl>
          </section>
        ))}
      </section>
      {draft !== null && (
        <section aria-labelledby="guideline-editor" class="guideline-editor">
          <h2 id="guideline-editor">Edit the guidelines</h2>
          <label class="field">
            <span>Guidelines (Markdown: headings, lists, emphasis, links; HTML is shown as text)</span>
            <textarea rows={16} value={draft} onInput={(event) => setDraft(event.currentTarget.value)} data-testid="guidelines-editor" />
          </label>
          {problem !== null && (
            <p class="error" role="alert">
              {problem}
            </p>
          )}
          <div class="toolbar">
            <button type="button" class="button primary" disabled={saving} onClick={() => void save()}>
              {saving ? 'Saving…' : 'Save guidelines'}
            </button>
            <button
              type="button"
              class="button"
              onClick={() => {
                setDraft(null);
                setProblem(null);
              }}
            >
              Cancel
            </button>
          </div>
          <h2>Preview</h2>
        </section>
      )}
      <section aria-label="Guidelines text" data-testid="guidelines-text">
        {shown.trim() === '' ? <p class="muted">No guidelines have been written for this project yet.</p> : <Markdown markdown={shown} />}
      </section>
    </main>
  );
}
