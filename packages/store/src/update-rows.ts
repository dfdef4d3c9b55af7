/**
 * The checks every backend's update log makes on what it is given and on
 * the rows it reads back: a room name, update bytes, a row's checksum, and
 * the merge of a room's rows into one state that names the culprit row when
 * it fails.
 */
import { crc32 } from 'node:zlib';
import * as Y from 'yjs';
import { errorMessage } from './error-message.js';
import { StorageLoadError } from './update-log.js';

/** A stored row of a room's log: id, bytes and the CRC-32 written beside them. */
export interface UpdateRow {
  readonly id: number;
  readonly data: Uint8Array;
  readonly crc: number;
}

/** An empty Yjs update; merging with it forces Yjs to parse even a single row. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/** The checksum stored beside an update's bytes. */
export function updateChecksum(update: Uint8Array): number {
  return crc32(update);
}

/** Checks a room name. @throws TypeError */
export function checkRoom(room: unknown): asserts room is string {
  if (typeof room !== 'string' || room === '') throw new TypeError(`room must be a non-empty string, got ${JSON.stringify(room)}`);
}

/** Checks update bytes. @throws TypeError */
export function checkUpdateBytes(update: unknown): asserts update is Uint8Array {
  if (!(update instanceof Uint8Array)) throw new TypeError('update must be a Uint8Array');
}

/** Checks a `readAfter` id. @throws RangeError */
export function checkAfterId(afterId: number): void {
  if (!Number.isInteger(afterId) || afterId < 0) throw new RangeError(`afterId must be a non-negative integer, got ${afterId}`);
}

/** Checks a row's bytes and CRC; a failure names the room and the row. */
export function checkRow(room: string, row: UpdateRow): void {
  if (!(row.data instanceof Uint8Array)) throw new StorageLoadError(room, `row ${row.id}: data is not a blob`);
  if (crc32(row.data) !== row.crc) throw new StorageLoadError(room, `row ${row.id}: checksum mismatch (the stored bytes are corrupt)`);
}

/** Checks every row's CRC and merges the rows; any failure names the room and the row. */
export function mergeRows(room: string, rows: readonly UpdateRow[]): Uint8Array {
  for (const row of rows) checkRow(room, row);
  try {
    return Y.mergeUpdates([...rows.map((r) => r.data), EMPTY_UPDATE]);
  } catch (error) {
    // Find the culprit so the message names it.
    const bad = rows.find((r) => !isParsableUpdate(r.data));
    const where = bad ? `row ${bad.id}: ` : '';
    throw new StorageLoadError(room, `${where}not a valid Yjs update (${errorMessage(error)})`, { cause: error });
  }
}

function isParsableUpdate(data: Uint8Array): boolean {
  try {
    Y.mergeUpdates([data, EMPTY_UPDATE]);
    return true;
  } catch {
    return false;
  }
}
