/**
 * The data of the agreement dashboard, kept live: the annotator layers of
 * every document (a `ProjectWatch` over the sync socket), the document list
 * (polled, so layers and documents created after the page opened are
 * picked up), and the figures in the chosen unit. In characters they are
 * computed here with `computeAgreement` / `computeConfusion`; in tokens they
 * come from the server's agreement route (its tokenizer), asked again after
 * each change of the layers, one request at a time.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AgreementUnit } from '@glossa/core';
import { fetchAgreement } from '../api.js';
import type { DocumentListing, ServerAgreement } from '../api.js';
import { CoalescedRefresh } from '../session/coalesced-refresh.js';
import { DocumentListPoll } from '../session/document-list-poll.js';
import { isAnnotatorLayer } from '../curation/document-status.js';
import { dashboardFigures, progressTable } from './agreement-figures.js';
import type { DashboardFigures, LoadedDocument } from './agreement-figures.js';
import { ProjectWatch } from './project-watch.js';
import type { WatchedDocumentSpec } from './project-watch.js';

/** What the server answered for the token figures. */
type ServerFigures =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly agreement: ServerAgreement }
  | { readonly kind: 'failed'; readonly message: string };

/** The figures the dashboard shows, or why the layers cannot be compared now. */
export type ShownFigures = DashboardFigures | { readonly kind: 'error'; readonly message: string };

/** The live state of the dashboard and what changes it. */
export interface DashboardData {
  /** The project's documents as last listed. */
  readonly listings: readonly DocumentListing[];
  /** Whether every watched room has completed its first sync. */
  readonly synced: boolean;
  /** How many times the watched layers changed (debounced) since the page opened. */
  readonly updates: number;
  readonly unit: AgreementUnit;
  /** Switches the unit; token figures are asked of the server anew. */
  readonly setUnit: (unit: AgreementUnit) => void;
  readonly figures: ShownFigures;
  /** Whether the token figures are still awaited from the server. */
  readonly waitingForServer: boolean;
}

/** The annotator layers of each listed document, as the watch opens them. */
function watchedDocuments(listings: readonly DocumentListing[]): WatchedDocumentSpec[] {
  return listings.map((doc) => ({ id: doc.id, layers: doc.layers.map((l) => l.layer).filter(isAnnotatorLayer) }));
}

/** The figures of `unit` from the loaded layers (characters) or the server's answer (tokens). */
function shownFigures(loaded: readonly LoadedDocument[], unit: AgreementUnit, server: ServerFigures): ShownFigures {
  try {
    if (unit === 'char') return dashboardFigures(loaded);
    const progress = progressTable(loaded);
    if (progress.annotators.length < 2) return { kind: 'too-few-annotators', annotators: progress.annotators, progress };
    if (server.kind === 'failed') return { kind: 'error', message: server.message };
    if (server.kind === 'loading') return { kind: 'too-few-annotators', annotators: progress.annotators, progress };
    return { kind: 'figures', report: server.agreement.report, confusion: server.agreement.confusion, progress };
  } catch (error) {
    // A layer whose spans do not fit the text (a text edit not yet synced): wait for the next change.
    if (error instanceof RangeError) return { kind: 'error', message: error.message };
    throw error;
  }
}

/** Watches the annotator layers of project `project` for `user` and derives the dashboard's figures. */
export function useDashboardData(project: string, user: string, initialListings: readonly DocumentListing[]): DashboardData {
  const [listings, setListings] = useState<readonly DocumentListing[]>(initialListings);
  const watch = useMemo(() => new ProjectWatch({ project, user, documents: watchedDocuments(initialListings) }), [project, user]);
  const [loaded, setLoaded] = useState<readonly LoadedDocument[]>(() => watch.documents());
  const [synced, setSynced] = useState(false);
  const [updates, setUpdates] = useState(0);
  const [unit, setUnitState] = useState<AgreementUnit>('char');
  const [server, setServer] = useState<ServerFigures>({ kind: 'loading' });
  useEffect(() => {
    const off = watch.onChange(() => {
      setLoaded(watch.documents());
      setSynced(watch.synced);
      setUpdates((n) => n + 1);
    });
    // Layers and documents created after the page opened: polled, and asked for at once when someone joins a room.
    const poll = new DocumentListPoll({ project, initial: initialListings });
    const offList = poll.onChange((next) => {
      setListings(next);
      watch.update(watchedDocuments(next));
    });
    const offJoin = watch.onJoin(() => poll.poke());
    return () => {
      off();
      offList();
      offJoin();
      poll.destroy();
      watch.destroy();
    };
  }, [watch]);

  // Token figures come from the server (the tokenizer runs there), asked again after changes of the layers:
  // one request at a time, at most one a second, however fast the layers change.
  const tokenRefresh = useMemo(
    () =>
      unit === 'token'
        ? new CoalescedRefresh({
            fetch: () => fetchAgreement(project, 'token'),
            onAnswer: (result: Awaited<ReturnType<typeof fetchAgreement>>) =>
              setServer(result.ok ? { kind: 'loaded', agreement: result.value } : { kind: 'failed', message: result.errors.map((e) => e.message).join(' ') }),
          })
        : null,
    [unit, project],
  );
  useEffect(() => () => tokenRefresh?.close(), [tokenRefresh]);
  useEffect(() => tokenRefresh?.request(), [tokenRefresh, updates]);

  const figures = useMemo(() => shownFigures(loaded, unit, server), [loaded, unit, server]);
  const setUnit = (next: AgreementUnit): void => {
    setServer({ kind: 'loading' });
    setUnitState(next);
  };
  return { listings, synced, updates, unit, setUnit, figures, waitingForServer: unit === 'token' && server.kind === 'loading' };
}
