/**
 * `DataDir`: everything a Glossa installation stores, behind the contracts
 * of this package. `openData` (open-data.ts) opens one.
 */
import type { Catalog } from './catalog.js';
import type { RecommenderStore } from './recommenders.js';
import type { PresenceChannel } from './presence.js';
import type { TokenIssuer } from './token-issuer.js';
import type { UpdateLog } from './update-log.js';
import type { UserStore } from './users.js';

/** An open store: room updates, catalog, users, tokens and recommender configurations. */
export interface DataDir {
  /** Where the data lives, as users name it: the directory, as an absolute path. */
  readonly location: string;
  /** Room updates. */
  readonly updates: UpdateLog;
  /** Projects and documents. */
  readonly catalog: Catalog;
  /** Users and their roles. */
  readonly users: UserStore;
  /** API and session tokens: issued, verified and revoked over the store's records. */
  readonly tokens: TokenIssuer;
  /** The recommenders each project runs, with their configuration. */
  readonly recommenders: RecommenderStore;
  /** Awareness updates between the processes that serve the store's rooms (a no-op for one process). */
  readonly presence: PresenceChannel;
  /** Whether the store is open (false once it was closed). */
  readonly isOpen: boolean;
  /** Closes the store; later calls fail. */
  close(): Promise<void>;
}
