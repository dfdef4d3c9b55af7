/**
 * `RecommenderStore` on SQLite: each project's recommenders and their JSON
 * configuration, in a table of the data directory's database that a
 * migration adds (databases written before it gain it when next opened).
 */
import type Database from 'better-sqlite3';
import { UnknownProjectError } from '../catalog.js';
import { Listeners } from '../listeners.js';
import { RecommenderExistsError, checkNewRecommender, type NewRecommender, type RecommenderRecord, type RecommenderStore } from '../recommenders.js';
import { recommenderRow, toRecommenderRecord, type RecommenderRow } from '../record-rows.js';
import { applyMigrations, type Migration } from './migrations.js';
import { settle } from './settle.js';

/** The migrations of the recommenders table. */
export const RECOMMENDER_MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-recommenders',
    sql: `
CREATE TABLE recommenders (
  project TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  config TEXT NOT NULL,
  created INTEGER NOT NULL,
  PRIMARY KEY (project, name)
);
`,
  },
];

/**
 * Recommender configurations in a SQLite database (the catalog's `projects`
 * table must exist: a recommender belongs to a project and goes with it).
 * Reports its own changes through `onRecommendersChanged`.
 *
 * @example
 * const recommenders = new SqliteRecommenderStore(log.db);
 * await recommenders.add({ project: 'policy', name: 'strings', kind: 'string-match', config: {} });
 */
export class SqliteRecommenderStore implements RecommenderStore {
  private readonly changes = new Listeners<string>();

  constructor(private readonly db: Database.Database) {
    applyMigrations(db, RECOMMENDER_MIGRATIONS);
  }

  list(project: string): Promise<RecommenderRecord[]> {
    return settle(() => this.db.prepare<[string], RecommenderRow>('SELECT * FROM recommenders WHERE project = ? ORDER BY name').all(project).map(toRecommenderRecord));
  }

  get(project: string, name: string): Promise<RecommenderRecord | undefined> {
    return settle(() => {
      const row = this.db.prepare<[string, string], RecommenderRow>('SELECT * FROM recommenders WHERE project = ? AND name = ?').get(project, name);
      return row && toRecommenderRecord(row);
    });
  }

  add(recommender: NewRecommender, created = Date.now()): Promise<RecommenderRecord> {
    return settle(() => {
      checkNewRecommender(recommender);
      const row = recommenderRow(recommender, created);
      const { project, name } = row;
      this.db.transaction(() => {
        if (this.db.prepare('SELECT 1 FROM projects WHERE id = ?').get(project) === undefined) throw new UnknownProjectError(project);
        if (this.db.prepare('SELECT 1 FROM recommenders WHERE project = ? AND name = ?').get(project, name) !== undefined) throw new RecommenderExistsError(project, name);
        this.db.prepare('INSERT INTO recommenders (project, name, kind, config, created) VALUES (?, ?, ?, ?, ?)').run(project, name, row.kind, row.config, row.created);
      })();
      this.changes.emit(project);
      return toRecommenderRecord(row);
    });
  }

  remove(project: string, name: string): Promise<boolean> {
    return settle(() => {
      const removed = this.db.prepare('DELETE FROM recommenders WHERE project = ? AND name = ?').run(project, name).changes > 0;
      if (removed) this.changes.emit(project);
      return removed;
    });
  }

  onRecommendersChanged(listener: (project: string) => void): () => void {
    return this.changes.add(listener);
  }
}
