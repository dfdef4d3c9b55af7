/**
 * The document view: the text with its annotations, the label palette, the
 * side panel (layers, the selected annotation, the annotation list,
 * document labels), who is here, the connection state and undo/redo; above
 * the text, the find bar and a line saying what the keys do now (`?` shows
 * them all). Everyone starts annotating, with the text locked; admins and
 * curators switch to "Edit text" explicitly, which has its own undo.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { LabelSchema } from '@glossa/core';
import { annotateRanges, findNext, findPrevious, selectAnnotation } from '@glossa/prosemirror';
import type { TextSearchOptions } from '@glossa/prosemirror';
import { localOrigin } from '@glossa/collab';
import type { DocumentListing, Me, ProjectDetails } from '../api.js';
import { canCurate, canEditText, defaultAnnotationLayer, documentLayers, suggestionScope } from '../access.js';
import { routeHash } from '../route.js';
import type { LayerChoice } from '../access.js';
import { installAnnotationStyles } from '../annotation-style-sheet.js';
import { EMPTY_SNAPSHOT, createAnnotationEditor } from '../editor/annotation-editor.js';
import type { AnnotationEditor, EditorSnapshot } from '../editor/annotation-editor.js';
import { previewOccurrences } from '../editor/occurrences.js';
import { pageAction } from '../shortcuts.js';
import { LABEL_NAMES_ON_SPANS, useFlag } from '../view-settings.js';
import type { LostChange } from '../session/lost-changes.js';
import { ChangeNotices } from '../components/change-notices.js';
import { DocumentProgress, adjacentDocuments, useDoneMark } from '../components/document-progress.js';
import { FindBar } from '../components/find-bar.js';
import { AnnotateAllDialog } from '../components/annotate-all-dialog.js';
import { ShortcutHelp } from '../components/shortcut-help.js';
import { compositeLayer, splitLayeredId } from '../session/composite-layer.js';
import { DocumentSession } from '../session/document-session.js';
import type { ConnectionStatus } from '../session/document-session.js';
import { userColor } from '../user-color.js';
import { AnnotationDetails } from '../components/annotation-details.js';
import { RelationPanel } from '../components/relation-panel.js';
import { compositeRelations } from '../session/composite-relations.js';
import { labelName } from '../components/label-field.js';
import { byAuthor } from '../components/author-name.js';
import { AnnotationList } from '../components/annotation-list.js';
import { ConnectionIndicator } from '../components/connection-indicator.js';
import { DocumentLabelsPanel } from '../components/document-labels.js';
import { HoverCard } from '../components/hover-card.js';
import { LabelPalette } from '../components/label-palette.js';
import { LayerToggles, layerDisplayName } from '../components/layer-toggles.js';
import { PresenceBar } from '../components/presence-bar.js';
import { SuggestionPanel } from '../components/suggestion-panel.js';
import { useDocumentOpening } from './use-document-opening.js';
import { LoadingPage, NoSuchDocumentPage, ProblemPage } from './page-messages.js';
import { useSettledValue } from './use-settled-value.js';
import { useDocumentListPoll } from '../session/use-document-list-poll.js';

/** Props of `DocumentView`. */
export interface DocumentViewProps {
  readonly me: Me;
  readonly project: string;
  readonly doc: string;
}

/** Loads the project and the document's title and layers, then shows the workspace (the document list comes once the text is shown). */
export function DocumentView({ me, project, doc }: DocumentViewProps): JSX.Element {
  const opening = useDocumentOpening(project, doc);
  if (opening.kind === 'failed') return <ProblemPage title={doc}>{opening.message}</ProblemPage>;
  if (opening.kind === 'loading') return <LoadingPage>Opening {doc}…</LoadingPage>;
  if (opening.kind === 'missing') return <NoSuchDocumentPage title={doc} project={project} doc={doc} />;
  const { details, document } = opening;
  const layers = documentLayers(details.role, details.mode, me.user, document.layers);
  return <DocumentWorkspace me={me} details={details} doc={doc} title={document.title ?? doc} layers={layers} />;
}

interface WorkspaceProps {
  readonly me: Me;
  readonly details: ProjectDetails;
  readonly doc: string;
  readonly title: string;
  /** The layers to open at first; layers created later are added as the document list shows them. */
  readonly layers: readonly LayerChoice[];
}

/** A dialog of the document view. */
type OpenDialog = { readonly kind: 'help' } | { readonly kind: 'annotate-all'; readonly text: string };

/** Whether a key pressed in `target` types text there (so `?` is a character, not the help). */
function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('input, textarea, select') !== null) return true;
  const editable = target.closest<HTMLElement>('[contenteditable="true"]');
  return editable !== null && editable.getAttribute('aria-readonly') !== 'true';
}

/** What a label key would do, in words for the palette, or `null`. */
function labelKeyPreview(snapshot: EditorSnapshot): string | null {
  const target = snapshot.labelKey;
  if (target === null) return null;
  if (target.kind === 'relabel') return 'A label key relabels the selected annotation.';
  const quote = snapshot.textBetween(target.from, target.to);
  return `A label key annotates “${quote.length > 80 ? `${quote.slice(0, 79)}…` : quote}” (whole words, the dashed underline).`;
}

/** The line above the text that says what the keys do now. */
function keyHint(snapshot: EditorSnapshot): string {
  if (!snapshot.textLocked) return 'Editing the text: keys type, Ctrl+Z undoes your text edits. Annotation keys are off until you switch back to annotating.';
  if (snapshot.adjustingId !== null) return 'Adjusting boundaries: ← / → move the end, Shift+← / → the start, with Ctrl or Alt by a word; Enter or Escape to finish.';
  return 'Select text, then press a label’s key. Alt+↓ / ↑ next / previous annotation, Alt+B adjust its boundaries, Ctrl+F find. Press ? for every key.';
}

/** How long the annotation list waits for typing to pause before it is rebuilt, and at most, in milliseconds. */
const LIST_QUIET_MS = 250;
const LIST_MAX_WAIT_MS = 1_500;

/** Describes an annotation in one sentence for screen readers. */
function announce(schema: LabelSchema, snapshot: EditorSnapshot, id: string): string {
  const span = snapshot.spans.get(id);
  if (span === undefined) return '';
  const label = labelName(schema, span.label);
  const quote = snapshot.textBetween(span.start, span.end);
  return `Selected ${label} on “${quote.length > 80 ? `${quote.slice(0, 79)}…` : quote}”, ${byAuthor(span.author)}, ${span.status}${span.note === '' ? '' : `, note: ${span.note}`}.`;
}

function DocumentWorkspace({ me, details, doc, title, layers: initialLayers }: WorkspaceProps): JSX.Element {
  const { schema, role, mode } = details;
  const [layers, setLayers] = useState<readonly LayerChoice[]>(initialLayers);
  const writable = layers.filter((layer) => layer.access === 'write').map((layer) => layer.id);
  const preferred = defaultAnnotationLayer(role, mode, me.user);
  const [activeLayer, setActiveLayer] = useState<string | null>(preferred !== null && writable.includes(preferred) ? preferred : (writable[0] ?? null));
  const [visible, setVisible] = useState<readonly string[]>(() => layers.map((layer) => layer.id));
  const [snapshot, setSnapshot] = useState<EditorSnapshot>(EMPTY_SNAPSHOT);
  const listed = useSettledValue(snapshot, LIST_QUIET_MS, LIST_MAX_WAIT_MS);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [ready, setReady] = useState(false);
  const [listings, setListings] = useState<readonly DocumentListing[]>([]);
  const [undoState, setUndoState] = useState({ canUndo: false, canRedo: false, canUndoText: false, canRedoText: false });
  const [message, setMessage] = useState('');
  const [labelTags, setLabelTags] = useFlag(LABEL_NAMES_ON_SPANS);
  const [findOptions, setFindOptions] = useState<TextSearchOptions>({});
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [notices, setNotices] = useState<readonly LostChange[]>([]);
  const [lastLabel, setLastLabel] = useState(schema.labels[0]?.id ?? '');
  const mountRef = useRef<HTMLDivElement>(null);
  const findRef = useRef<HTMLInputElement>(null);
  const editorRef = useRef<AnnotationEditor | null>(null);
  const activeLayerRef = useRef(activeLayer);
  activeLayerRef.current = activeLayer;
  const dialogRef = useRef(dialog);
  dialogRef.current = dialog;

  // Suggestions of the scope this user annotates into (none for viewers); decisions on them go to that layer.
  const scope = suggestionScope(role, mode, me.user);
  const session = useMemo(
    () => new DocumentSession({ project: details.id, doc, user: me.user, layers, canEditText: canEditText(role), suggestionScope: scope }),
    [details.id, doc, me.user],
  );
  const composite = useMemo(() => compositeLayer(session.content, session.layers, me.user, visible, () => (scope !== null && session.layer(scope)?.writable === true ? scope : null)), [session]);
  const relations = useMemo(() => compositeRelations(session.layers, me.user, visible), [session]);
  const canChange = (id: string): boolean => session.layer(splitLayeredId(id).layer)?.writable === true;
  const editing = !snapshot.textLocked;
  // Each mode undoes its own changes: the annotations while annotating, the text while editing it.
  const history = (): typeof session.undo => (editorRef.current !== null && !editorRef.current.snapshot().textLocked && session.textUndo !== null ? session.textUndo : session.undo);
  const done = useDoneMark(activeLayer === null ? undefined : session.layer(activeLayer), me.user);
  const { previous: previousDocument, next: nextDocument } = adjacentDocuments(listings, doc);

  useEffect(() => installAnnotationStyles(schema), [schema]);

  /** Opens "annotate all occurrences" of `text` (the selection when not given). */
  const openAnnotateAll = (text?: string): boolean => {
    const editor = editorRef.current;
    if (editor === null || activeLayerRef.current === null) return false;
    const current = editor.snapshot();
    const { from, to } = editor.view.state.selection;
    const chosen = text ?? (current.labelKey?.kind === 'create' ? current.textBetween(current.labelKey.from, current.labelKey.to) : current.textBetween(from, to));
    if (chosen.trim() === '') return false;
    setDialog({ kind: 'annotate-all', text: chosen });
    return true;
  };

  useEffect(() => {
    setStatus(session.status);
    const offStatus = session.onStatus(setStatus);
    const reportUndo = (): void =>
      setUndoState({ canUndo: session.undo.canUndo, canRedo: session.undo.canRedo, canUndoText: session.textUndo?.canUndo ?? false, canRedoText: session.textUndo?.canRedo ?? false });
    const offUndo = session.undo.onChange(reportUndo);
    const offTextUndo = session.textUndo?.onChange(reportUndo);
    const offLost = session.onLostChange((change) => setNotices((current) => [...current, change]));
    session.awareness.setLocalStateField('user', { id: me.user, name: me.user, color: userColor(me.user) });
    let cancelled = false;
    void session.whenContentReady().then(() => {
      if (cancelled || mountRef.current === null) return;
      editorRef.current = createAnnotationEditor({
        mount: mountRef.current,
        session,
        layer: composite,
        relations,
        schema,
        userId: me.user,
        activeLayer: () => activeLayerRef.current,
        canChange,
        label: `Text of ${title}`,
        labelTags,
        actions: { undo: () => history().undo(), redo: () => history().redo(), annotateAll: () => openAnnotateAll() },
        onChange: setSnapshot,
        suggestions: session.suggestions,
      });
      setReady(true);
    });
    return () => {
      cancelled = true;
      offStatus();
      offUndo();
      offTextUndo?.();
      offLost();
      editorRef.current?.destroy();
      editorRef.current = null;
      session.destroy();
    };
  }, [session]);

  useEffect(() => editorRef.current?.setLabelTags(labelTags), [labelTags, ready]);

  // The document list, read once the text is shown; a layer created later (a new annotator's) is opened, shown and offered as a toggle.
  useDocumentListPoll(details.id, [], session.awareness, (next) => {
    setListings(next);
    const listing = next.find((d) => d.id === doc);
    if (listing === undefined) return;
    const added = documentLayers(role, mode, me.user, listing.layers.map((l) => l.layer)).filter((choice) => session.layer(choice.id) === undefined);
    if (added.length === 0) return;
    for (const choice of added) {
      const open = session.addLayer(choice);
      composite.addMember(open, true);
      relations.addMember(open, true);
    }
    setLayers((current) => [...current, ...added]);
    setVisible((current) => [...current, ...added.map((choice) => choice.id)]);
  }, ready);

  useEffect(() => {
    session.awareness.setLocalStateField('layer', activeLayer);
  }, [session, activeLayer]);

  useEffect(() => composite.setVisibleLayers(visible), [composite, visible]);
  useEffect(() => relations.setVisibleLayers(visible), [relations, visible]);

  useEffect(() => {
    if (snapshot.selectedId !== null) setMessage(announce(schema, snapshot, snapshot.selectedId));
  }, [snapshot.selectedId]);

  useEffect(() => {
    if (snapshot.adjustingId !== null) setMessage(keyHint(snapshot));
  }, [snapshot.adjustingId]);

  // The keys of the whole page (see `shortcuts.ts`); the editor's own keys come first.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || dialogRef.current !== null) return;
      const action = pageAction(event);
      if (action === null || (action === 'help' && typesText(event.target))) return;
      const editor = editorRef.current;
      switch (action) {
        case 'help':
          setDialog({ kind: 'help' });
          break;
        case 'find':
          findRef.current?.focus();
          findRef.current?.select();
          break;
        case 'find-next':
          editor?.run(findNext);
          break;
        case 'find-previous':
          editor?.run(findPrevious);
          break;
        case 'toggle-done':
          if (done === null) return;
          done.setDone(!done.done);
          setMessage(done.done ? 'This document is no longer marked done.' : 'This document is marked done.');
          break;
        case 'next-document':
        case 'previous-document': {
          const target = action === 'next-document' ? nextDocument : previousDocument;
          if (target === undefined) return;
          location.hash = routeHash({ name: 'document', project: details.id, doc: target.id });
          break;
        }
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const editor = editorRef.current;
  const layerName = useCallback((layer: string) => layerDisplayName(layer, me.user), [me.user]);
  const jumpTo = useCallback((id: string): void => {
    const current = editorRef.current;
    // The list may be a moment older than the editor: an annotation deleted meanwhile is not selected.
    if (current === null || !current.snapshot().spans.has(id)) return;
    current.run(selectAnnotation(id));
    current.focus();
  }, []);
  const annotateAll = (text: string, options: TextSearchOptions, label: string): void => {
    const layer = activeLayer === null ? undefined : session.layer(activeLayer);
    if (editor === null || layer === undefined) return;
    const ranges = previewOccurrences(editor.view.state, text, options, label, layer.id).create;
    // One transaction of the layer: one step for Undo.
    layer.doc.transact(() => editor.run(annotateRanges(ranges, label)), localOrigin(me.user));
    setLastLabel(label);
    setDialog(null);
    setMessage(`Annotated ${ranges.length === 1 ? 'one occurrence' : `${ranges.length} occurrences`} with ${labelName(schema, label)}.`);
    editor.focus();
  };
  const canUndo = editing ? undoState.canUndoText : undoState.canUndo;
  const canRedo = editing ? undoState.canRedoText : undoState.canRedo;

  return (
    <main id="main" class="document-page">
      <div class="document-toolbar">
        <h1 class="document-title">{title}</h1>
        <ConnectionIndicator status={status} />
        <PresenceBar awareness={session.awareness} me={me.user} />
        {canCurate(role) && (
          <a class="button" href={routeHash({ name: 'curation', project: details.id, doc })}>
            Curate
          </a>
        )}
        {session.textUndo !== null && (
          <button
            type="button"
            class="button"
            aria-pressed={editing}
            data-testid="edit-text"
            disabled={!ready}
            onClick={() => {
              editor?.setTextEditing(!editing);
              setMessage(editing ? 'Annotating: the text is locked.' : 'Editing the text: annotation keys are off.');
              editor?.focus();
            }}
          >
            Edit text
          </button>
        )}
        <div class="toolbar" role="group" aria-label={editing ? 'History of the text' : 'History of the annotations'}>
          <button type="button" class="button" disabled={!canUndo} onClick={() => history().undo()} aria-keyshortcuts="Control+Z">
            Undo
          </button>
          <button type="button" class="button" disabled={!canRedo} onClick={() => history().redo()} aria-keyshortcuts="Control+Shift+Z">
            Redo
          </button>
        </div>
        {writable.length > 1 && (
          <label class="field field-inline">
            <span>Annotate into</span>
            <select value={activeLayer ?? ''} onChange={(e) => setActiveLayer(e.currentTarget.value)}>
              {writable.map((layer) => (
                <option key={layer} value={layer}>
                  {layerDisplayName(layer, me.user)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="check">
          <input type="checkbox" checked={labelTags} data-testid="label-names-setting" onChange={(e) => setLabelTags(e.currentTarget.checked)} />
          <span>Label names on spans</span>
        </label>
        <button type="button" class="button" aria-haspopup="dialog" aria-keyshortcuts="?" onClick={() => setDialog({ kind: 'help' })}>
          Keys (?)
        </button>
        <DocumentProgress project={details.id} doc={doc} listings={listings} done={done} />
      </div>
      <ChangeNotices schema={schema} notices={notices} layerName={layerName} onDismiss={(change) => setNotices((current) => current.filter((c) => c !== change))} />
      <div class="document-body">
        {activeLayer !== null && (
          <LabelPalette
            schema={schema}
            hasTextSelection={snapshot.hasTextSelection}
            keyPreview={labelKeyPreview(snapshot)}
            onApply={(command) => {
              if (editor === null) return;
              if (!editor.run(command)) setMessage('Select some text in the document first, then choose a label.');
              editor.focus();
            }}
            canAnnotate={() => activeLayerRef.current !== null}
            canChange={canChange}
            guidelinesHref={routeHash({ name: 'guidelines', project: details.id })}
          />
        )}
        <section class={editing ? 'text-pane text-pane-editing' : 'text-pane'} aria-label="Document">
          <div class="text-pane-bar">
            <FindBar
              search={snapshot.search}
              options={findOptions}
              onOptions={setFindOptions}
              run={(command) => editor?.run(command) ?? false}
              focusText={() => editor?.focus()}
              onAnnotateAll={activeLayer === null ? null : (query) => openAnnotateAll(query)}
              inputRef={findRef}
            />
            <p class={editing ? 'hint hint-editing' : 'hint'} data-testid="key-hint">
              {keyHint(snapshot)}
            </p>
          </div>
          {!ready && <p role="status">Loading the text…</p>}
          <div ref={mountRef} class="editor-mount" data-testid="editor" />
          <HoverCard mount={mountRef} schema={schema} snapshot={snapshot} layerName={(layer) => layerDisplayName(layer, me.user)} />
        </section>
        <aside class="side-pane" aria-label="Annotations">
          <LayerToggles layers={layers} visible={visible} me={me.user} onChange={setVisible} />
          {session.suggestions !== null && <SuggestionPanel schema={schema} suggestions={snapshot.suggestions} run={(command) => editor?.run(command) ?? false} />}
          <AnnotationDetails
            schema={schema}
            snapshot={snapshot}
            canChange={canChange}
            layerName={(layer) => layerDisplayName(layer, me.user)}
            run={(command) => editor?.run(command) ?? false}
            focusText={() => editor?.focus()}
          />
          <RelationPanel
            schema={schema}
            snapshot={snapshot}
            canAnnotate={activeLayer !== null}
            canChange={canChange}
            run={(command) => editor?.run(command) ?? false}
            focusText={() => editor?.focus()}
            onJump={jumpTo}
          />
          <AnnotationList schema={schema} snapshot={listed} selectedId={snapshot.selectedId} onJump={jumpTo} layerName={layerName} />
          <DocumentLabelsPanel schema={schema} session={session} layer={activeLayer ?? visible[0] ?? null} writable={activeLayer !== null} user={me.user} />
        </aside>
      </div>
      <div class="visually-hidden" aria-live="polite" data-testid="announcer">
        {message}
      </div>
      {dialog?.kind === 'help' && <ShortcutHelp schema={schema} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'annotate-all' && activeLayer !== null && editor !== null && (
        <AnnotateAllDialog
          schema={schema}
          initialText={dialog.text}
          initialOptions={findOptions}
          initialLabel={lastLabel}
          preview={(text, options, label) => previewOccurrences(editor.view.state, text, options, label, activeLayer)}
          onConfirm={annotateAll}
          onClose={() => {
            setDialog(null);
            editor.focus();
          }}
        />
      )}
    </main>
  );
}
