/**
 * Keeping a project's document list (its documents and the layers each one
 * has) up to date while a view is open, so that a layer created meanwhile
 * (a new annotator starting on a document) or a new document shows up
 * without reopening the view. The server announces neither, so the list is
 * polled (`GET /api/projects/:p/documents`) with a backoff: soon after a
 * change or a hint that one may come (`poke`, e.g. someone joined a
 * document's room), then less and less often while nothing changes.
 */
import type { Result } from '@glossa/core';
import { fetchDocuments } from '../api.js';
import type { ApiProblem, DocumentListing } from '../api.js';

/** Schedules and cancels the next poll; `setTimeout` in the browser. */
export interface PollTimer {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

/** Options of `DocumentListPoll`. */
export interface DocumentListPollOptions {
  readonly project: string;
  /** The list as the view loaded it. */
  readonly initial: readonly DocumentListing[];
  /** Reads the list. @default fetchDocuments */
  readonly fetch?: (project: string) => Promise<Result<DocumentListing[], ApiProblem>>;
  /** The delay after a change or a poke, in milliseconds. @default 1000 */
  readonly minDelayMs?: number;
  /** The longest delay between two polls, in milliseconds. @default 15000 */
  readonly maxDelayMs?: number;
  /** @default setTimeout / clearTimeout */
  readonly timer?: PollTimer;
}

const BROWSER_TIMER: PollTimer = {
  set: (callback, delayMs) => setTimeout(callback, delayMs),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * What identifies a list for change detection: each document with its
 * layers, sorted. Annotation counts are left out: they change with every
 * annotation, and the views that poll keep their own live counts.
 */
export function layerSignature(listings: readonly DocumentListing[]): string {
  return listings
    .map((doc) => `${doc.id}\u0000${doc.layers.map((l) => l.layer).sort().join('\u0000')}`)
    .sort()
    .join('\u0001');
}

/** A polled document list; see the module comment. */
export class DocumentListPoll {
  private readonly project: string;
  private readonly fetchList: (project: string) => Promise<Result<DocumentListing[], ApiProblem>>;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timer: PollTimer;
  private readonly listeners = new Set<(listings: readonly DocumentListing[]) => void>();
  private current: readonly DocumentListing[];
  private signature: string;
  private delayMs: number;
  private handle: unknown = null;
  private polling = false;
  private pokedWhilePolling = false;
  private destroyed = false;

  /** @throws RangeError when a delay is not positive or `maxDelayMs < minDelayMs`. */
  constructor(options: DocumentListPollOptions) {
    this.project = options.project;
    this.fetchList = options.fetch ?? fetchDocuments;
    this.minDelayMs = options.minDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 15_000;
    if (!(this.minDelayMs > 0) || !(this.maxDelayMs >= this.minDelayMs)) {
      throw new RangeError(`DocumentListPoll: expected 0 < minDelayMs <= maxDelayMs, got ${this.minDelayMs} and ${this.maxDelayMs}`);
    }
    this.timer = options.timer ?? BROWSER_TIMER;
    this.current = options.initial;
    this.signature = layerSignature(options.initial);
    this.delayMs = this.minDelayMs;
    this.schedule(this.delayMs);
  }

  /** The list as last read. */
  get listings(): readonly DocumentListing[] {
    return this.current;
  }

  /** Calls `listener` with the new list whenever a document or a layer appears or goes; returns the unsubscribe function. */
  onChange(listener: (listings: readonly DocumentListing[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Polls now and soon again: something suggests the list may change (someone joined a document's room). */
  poke(): void {
    if (this.destroyed) return;
    this.delayMs = this.minDelayMs;
    if (this.polling) {
      this.pokedWhilePolling = true;
      return;
    }
    this.schedule(0);
  }

  /** Stops polling. */
  destroy(): void {
    this.destroyed = true;
    if (this.handle !== null) this.timer.clear(this.handle);
    this.handle = null;
    this.listeners.clear();
  }

  private schedule(delayMs: number): void {
    if (this.handle !== null) this.timer.clear(this.handle);
    this.handle = this.timer.set(() => {
      this.handle = null;
      void this.poll();
    }, delayMs);
  }

  private async poll(): Promise<void> {
    this.polling = true;
    const result = await this.fetchList(this.project);
    this.polling = false;
    if (this.destroyed) return;
    let changed = false;
    if (result.ok) {
      const signature = layerSignature(result.value);
      this.current = result.value;
      if (signature !== this.signature) {
        this.signature = signature;
        changed = true;
      }
    }
    // After a change: soon again. Unchanged, or a failed read (offline, signed out): back off.
    this.delayMs = changed ? this.minDelayMs : Math.min(this.maxDelayMs, this.delayMs * 2);
    if (this.pokedWhilePolling) this.delayMs = this.minDelayMs;
    this.schedule(this.pokedWhilePolling ? 0 : this.delayMs);
    this.pokedWhilePolling = false;
    if (changed) for (const listener of this.listeners) listener(this.current);
  }
}
