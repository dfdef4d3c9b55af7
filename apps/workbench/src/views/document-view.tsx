/**
 * The document view: the text with its annotations, the label palette, the
 * side panel (layers, the selected annotation, the annotation list,
 * document labels), who is here, the connection state and undo/redo.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { LabelSchema } from '@glossa/core';
import { LiveSpanSet, selectAnnotation } from '@glossa/prosemirror';
import type { DocumentListing, Me, ProjectDetails } from '../api.js';
import { canCurate, canEditText, defaultAnnotationLayer, documentLayers, suggestionScope } from '../access.js';
import { routeHash } from '../route.js';
import type { LayerChoice } from '../access.js';
import { installAnnotationStyles } from '../annotation-style-sheet.js';
import { NO_SUGGESTIONS, createAnnotationEditor } from '../editor/annotation-editor.js';
import type { AnnotationEditor, EditorSnapshot } from '../editor/annotation-editor.js';
import { compositeLayer, splitLayeredId } from '../session/composite-layer.js';
import { DocumentSession } from '../session/document-session.js';
import type { ConnectionStatus } from '../session/document-session.js';
import { userColor } from '../user-color.js';
import { AnnotationDetails } from '../components/annotation-details.js';
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
import { useProjectListing } from './use-project-listing.js';
import { LoadingPage, NoSuchDocumentPage, ProblemPage } from './page-messages.js';
import { useSettledValue } from './use-settled-value.js';
import { useDocumentListPoll } from '../session/use-document-list-poll.js';

/** Props of `DocumentView`. */
export interface DocumentViewProps {
  readonly me: Me;
  readonly project: string;
  readonly doc: string;
}

/** Loads the project and the document's layers, then shows the workspace. */
export function DocumentView({ me, project, doc }: DocumentViewProps): JSX.Element {
  const loaded = useProjectListing(project);
  if (loaded.kind === 'failed') return <ProblemPage title={doc}>{loaded.message}</ProblemPage>;
  if (loaded.kind === 'loading') return <LoadingPage>Opening {doc}…</LoadingPage>;
  const { details, documents } = loaded.value;
  const listing = documents.find((d) => d.id === doc);
  if (listing === undefined) return <NoSuchDocumentPage title={doc} project={project} doc={doc} />;
  const layers = documentLayers(details.role, details.mode, me.user, listing.layers.map((l) => l.layer));
  return <DocumentWorkspace me={me} details={details} doc={doc} title={listing.title ?? doc} layers={layers} listings={documents} />;
}

interface WorkspaceProps {
  readonly me: Me;
  readonly details: ProjectDetails;
  readonly doc: string;
  readonly title: string;
  /** The layers to open at first; layers created later are added as the document list shows them. */
  readonly layers: readonly LayerChoice[];
  /** The project's document list as the view loaded it. */
  readonly listings: readonly DocumentListing[];
}

const EMPTY_SNAPSHOT: EditorSnapshot = { spans: LiveSpanSet.empty, orphans: [], selectedId: null, hasTextSelection: false, textBetween: () => '', suggestions: NO_SUGGESTIONS };

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

function DocumentWorkspace({ me, details, doc, title, layers: initialLayers, listings }: WorkspaceProps): JSX.Element {
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
  const [undoState, setUndoState] = useState({ canUndo: false, canRedo: false });
  const [message, setMessage] = useState('');
  const mountRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<AnnotationEditor | null>(null);
  const activeLayerRef = useRef(activeLayer);
  activeLayerRef.current = activeLayer;

  // Suggestions of the scope this user annotates into (none for viewers); decisions on them go to that layer.
  const scope = suggestionScope(role, mode, me.user);
  const session = useMemo(
    () => new DocumentSession({ project: details.id, doc, user: me.user, layers, canEditText: canEditText(role), suggestionScope: scope }),
    [details.id, doc, me.user],
  );
  const composite = useMemo(() => compositeLayer(session.content, session.layers, me.user, visible, () => (scope !== null && session.layer(scope)?.writable === true ? scope : null)), [session]);
  const canChange = (id: string): boolean => session.layer(splitLayeredId(id).layer)?.writable === true;

  useEffect(() => installAnnotationStyles(schema), [schema]);

  useEffect(() => {
    setStatus(session.status);
    const offStatus = session.onStatus(setStatus);
    const offUndo = session.undo.onChange(() => setUndoState({ canUndo: session.undo.canUndo, canRedo: session.undo.canRedo }));
    session.awareness.setLocalStateField('user', { id: me.user, name: me.user, color: userColor(me.user) });
    let cancelled = false;
    void session.whenContentReady().then(() => {
      if (cancelled || mountRef.current === null) return;
      editorRef.current = createAnnotationEditor({
        mount: mountRef.current,
        session,
        layer: composite,
        schema,
        userId: me.user,
        canEditText: canEditText(role),
        activeLayer: () => activeLayerRef.current,
        canChange,
        label: `Text of ${title}`,
        onChange: setSnapshot,
        suggestions: session.suggestions,
      });
      setReady(true);
    });
    return () => {
      cancelled = true;
      offStatus();
      offUndo();
      editorRef.current?.destroy();
      editorRef.current = null;
      session.destroy();
    };
  }, [session]);

  // A layer created after the document was opened (a new annotator's) is opened, shown and offered as a toggle.
  useDocumentListPoll(details.id, listings, session.awareness, (next) => {
    const listing = next.find((d) => d.id === doc);
    if (listing === undefined) return;
    const added = documentLayers(role, mode, me.user, listing.layers.map((l) => l.layer)).filter((choice) => session.layer(choice.id) === undefined);
    if (added.length === 0) return;
    for (const choice of added) {
      const open = session.addLayer(choice);
      composite.addMember(open, true);
    }
    setLayers((current) => [...current, ...added]);
    setVisible((current) => [...current, ...added.map((choice) => choice.id)]);
  });

  useEffect(() => {
    session.awareness.setLocalStateField('layer', activeLayer);
  }, [session, activeLayer]);

  useEffect(() => composite.setVisibleLayers(visible), [composite, visible]);

  useEffect(() => {
    if (snapshot.selectedId !== null) setMessage(announce(schema, snapshot, snapshot.selectedId));
  }, [snapshot.selectedId]);

  const editor = editorRef.current;
  const layerName = useCallback((layer: string) => layerDisplayName(layer, me.user), [me.user]);
  const jumpTo = useCallback((id: string): void => {
    const current = editorRef.current;
    // The list may be a moment older than the editor: an annotation deleted meanwhile is not selected.
    if (current === null || !current.snapshot().spans.has(id)) return;
    current.run(selectAnnotation(id));
    current.focus();
  }, []);

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
        <div class="toolbar" role="group" aria-label="History">
          <button type="button" class="button" disabled={!undoState.canUndo} onClick={() => session.undo.undo()} aria-keyshortcuts="Control+Z">
            Undo
          </button>
          <button type="button" class="button" disabled={!undoState.canRedo} onClick={() => session.undo.redo()} aria-keyshortcuts="Control+Shift+Z">
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
      </div>
      <div class="document-body">
        {activeLayer !== null && (
          <LabelPalette
            schema={schema}
            hasTextSelection={snapshot.hasTextSelection}
            onApply={(command) => {
              if (editor === null) return;
              if (!editor.run(command)) setMessage('Select some text in the document first, then choose a label.');
              editor.focus();
            }}
            canAnnotate={() => activeLayerRef.current !== null}
            canChange={canChange}
          />
        )}
        <section class="text-pane" aria-label="Document">
          {!ready && <p role="status">Loading the text…</p>}
          <div ref={mountRef} class="editor-mount" data-testid="editor" />
          <HoverCard mount={mountRef} schema={schema} snapshot={snapshot} layerName={(layer) => layerDisplayName(layer, me.user)} />
          <p class="hint">
            Keys: select text, then press a label’s key. Alt+↓/↑ next/previous annotation, Alt+Shift+→/← extend by a word, Alt+A accept, Alt+R reject,
            Alt+P reset, Alt+Delete delete, Ctrl+Z undo.
          </p>
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
          <AnnotationList schema={schema} snapshot={listed} selectedId={snapshot.selectedId} onJump={jumpTo} layerName={layerName} />
          <DocumentLabelsPanel schema={schema} session={session} layer={activeLayer ?? visible[0] ?? null} writable={activeLayer !== null} user={me.user} />
        </aside>
      </div>
      <div class="visually-hidden" aria-live="polite" data-testid="announcer">
        {message}
      </div>
    </main>
  );
}
