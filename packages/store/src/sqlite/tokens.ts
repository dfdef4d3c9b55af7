/**
 * `TokenStore` on SQLite: the record of every issued token, in a table of
 * the data directory's database.
 */
import type Database from 'better-sqlite3';
import { Listeners } from '../listeners.js';
import { toTokenRecord, type TokenRow } from '../record-rows.js';
import type { RevocationEvent, TokenListOptions, TokenRecord, TokenStore } from '../tokens.js';
import { settle } from './settle.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  user TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('api', 'session')),
  created INTEGER NOT NULL,
  expires INTEGER,
  revoked INTEGER
);
CREATE INDEX IF NOT EXISTS tokens_by_user ON tokens (user);
`;

/**
 * Token records in a SQLite database. Reports its own revocations through
 * `onRevoked` (another process's are found by the server's periodic
 * re-check).
 */
export class SqliteTokenStore implements TokenStore {
  private readonly revocations = new Listeners<RevocationEvent>();

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  insert(record: TokenRecord): Promise<void> {
    return settle(() => {
      this.db
        .prepare('INSERT INTO tokens (id, user, kind, created, expires, revoked) VALUES (?, ?, ?, ?, ?, ?)')
        .run(record.id, record.user, record.kind, record.created, record.expires, record.revoked);
    });
  }

  get(id: string): Promise<TokenRecord | undefined> {
    return settle(() => {
      const row = this.db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE id = ?').get(id);
      return row && toTokenRecord(row);
    });
  }

  revoke(id: string, at: number): Promise<boolean> {
    return settle(() => {
      const revoked = this.db.prepare('UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL').run(at, id).changes > 0;
      if (revoked) this.revocations.emit({ kind: 'token', id });
      return revoked;
    });
  }

  revokeAllOf(user: string, at: number): Promise<number> {
    return settle(() => {
      const count = this.db.prepare('UPDATE tokens SET revoked = ? WHERE user = ? AND revoked IS NULL').run(at, user).changes;
      this.revocations.emit({ kind: 'user', user });
      return count;
    });
  }

  list(options: TokenListOptions = {}): Promise<TokenRecord[]> {
    return settle(() =>
      this.db
        .prepare<[], TokenRow>('SELECT * FROM tokens ORDER BY created DESC, id')
        .all()
        .filter((row) => (options.user === undefined || row.user === options.user) && (options.includeSessions === true || row.kind === 'api'))
        .map(toTokenRecord),
    );
  }

  onRevoked(listener: (event: RevocationEvent) => void): () => void {
    return this.revocations.add(listener);
  }
}
