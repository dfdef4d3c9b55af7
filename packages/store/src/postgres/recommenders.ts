/**
 * `RecommenderStore` on PostgreSQL: each project's recommenders and their
 * JSON configuration, in a table that goes with its project. Changes are
 * told to this process's listeners; the server also re-reads the
 * configurations periodically, so other processes pick them up.
 */
import type pg from 'pg';
import { UnknownProjectError } from '../catalog.js';
import { Listeners } from '../listeners.js';
import { RecommenderExistsError, checkNewRecommender, type NewRecommender, type RecommenderRecord, type RecommenderStore } from '../recommenders.js';
import { recommenderRow, toRecommenderRecord, type RecommenderRow } from '../record-rows.js';
import { FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION, sqlState } from './connection.js';

/** Recommender configurations in a PostgreSQL database. */
export class PostgresRecommenderStore implements RecommenderStore {
  private readonly changes = new Listeners<string>();

  constructor(private readonly pool: pg.Pool) {}

  async list(project: string): Promise<RecommenderRecord[]> {
    const { rows } = await this.pool.query<RecommenderRow>('SELECT * FROM recommenders WHERE project = $1 ORDER BY name', [project]);
    return rows.map(toRecommenderRecord);
  }

  async get(project: string, name: string): Promise<RecommenderRecord | undefined> {
    const { rows } = await this.pool.query<RecommenderRow>('SELECT * FROM recommenders WHERE project = $1 AND name = $2', [project, name]);
    const row = rows[0];
    return row && toRecommenderRecord(row);
  }

  async add(recommender: NewRecommender, created = Date.now()): Promise<RecommenderRecord> {
    checkNewRecommender(recommender);
    const row = recommenderRow(recommender, created);
    const { project, name } = row;
    try {
      await this.pool.query('INSERT INTO recommenders (project, name, kind, config, created) VALUES ($1, $2, $3, $4, $5)', [project, name, row.kind, row.config, row.created]);
    } catch (error) {
      if (sqlState(error) === FOREIGN_KEY_VIOLATION) throw new UnknownProjectError(project);
      if (sqlState(error) === UNIQUE_VIOLATION) throw new RecommenderExistsError(project, name);
      throw error;
    }
    this.changes.emit(project);
    return toRecommenderRecord(row);
  }

  async remove(project: string, name: string): Promise<boolean> {
    const removed = ((await this.pool.query('DELETE FROM recommenders WHERE project = $1 AND name = $2', [project, name])).rowCount ?? 0) > 0;
    if (removed) this.changes.emit(project);
    return removed;
  }

  onRecommendersChanged(listener: (project: string) => void): () => void {
    return this.changes.add(listener);
  }
}
