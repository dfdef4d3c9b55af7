/**
 * The table rows every backend stores projects, documents, roles, tokens
 * and recommenders as (the same columns in SQLite and PostgreSQL), and the records they are
 * read back into.
 */
import type { LabelSchema } from '@glossa/core';
import { isRole, type ProjectMode, type Role } from '@glossa/collab';
import type { DocumentRecord, ProjectRecord } from './catalog.js';
import type { JsonObject, NewRecommender, RecommenderRecord } from './recommenders.js';
import type { TokenKind, TokenRecord } from './tokens.js';

/** A row of the `projects` table; `schema` is the label schema as JSON text. */
export interface ProjectRow {
  id: string;
  mode: ProjectMode;
  schema: string;
  base_url: string | null;
  created: number;
}

/** A row of the `documents` table; `meta` is JSON text. */
export interface DocumentRow {
  project: string;
  id: string;
  title: string | null;
  meta: string;
  created: number;
}

/** A row of the `tokens` table. */
export interface TokenRow {
  id: string;
  user: string;
  kind: TokenKind;
  created: number;
  expires: number | null;
  revoked: number | null;
}

/** A row of the `user_roles` table. */
export interface RoleRow {
  project: string;
  role: string;
}

/** The project a row holds. */
export function toProject(row: ProjectRow): ProjectRecord {
  const schema = JSON.parse(row.schema) as LabelSchema;
  return { id: row.id, mode: row.mode, schema, ...(row.base_url === null ? {} : { baseUrl: row.base_url }), created: row.created };
}

/** The document a row holds. */
export function toDocument(row: DocumentRow): DocumentRecord {
  const meta = JSON.parse(row.meta) as Record<string, unknown>;
  return { project: row.project, id: row.id, ...(row.title === null ? {} : { title: row.title }), meta, created: row.created };
}

/** The token record a row holds. */
export function toTokenRecord(row: TokenRow): TokenRecord {
  return { id: row.id, user: row.user, kind: row.kind, expires: row.expires, created: row.created, revoked: row.revoked };
}

/** A user's roles by project, from their `user_roles` rows (rows with an unknown role are skipped). */
export function rolesFromRows(rows: Iterable<RoleRow>): Record<string, Role> {
  const roles: Record<string, Role> = {};
  for (const row of rows) {
    if (isRole(row.role)) roles[row.project] = row.role;
  }
  return roles;
}

/** A row of the `recommenders` table; `config` is JSON text, `created` ms (PostgreSQL's driver gives a BIGINT as a string). */
export interface RecommenderRow {
  project: string;
  name: string;
  kind: string;
  config: string;
  created: number | string;
}

/** The row a new recommender is stored as. */
export function recommenderRow({ project, name, kind, config }: NewRecommender, created: number): RecommenderRow & { created: number } {
  return { project, name, kind, config: JSON.stringify(config), created };
}

/** The recommender record a row holds. */
export function toRecommenderRecord(row: RecommenderRow): RecommenderRecord {
  return { project: row.project, name: row.name, kind: row.kind, config: JSON.parse(row.config) as JsonObject, created: Number(row.created) };
}
