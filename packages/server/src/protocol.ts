/**
 * The y-websocket wire protocol: message framing (lib0 encoding) on top of
 * the y-protocols sync and awareness messages. Decoding never throws: a
 * malformed message comes back as a failed `Result` naming what was wrong.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { fail, ok, type Result } from '@glossa/core';
import { errorMessage } from './error-message.js';

/** Top-level message types of the y-websocket protocol. */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
} as const;

/** Sub-types of a sync message (y-protocols/sync). */
export const SyncMessageType = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const;

/** A message received from a client, decoded. */
export type ClientMessage =
  | { readonly kind: 'sync-step1'; readonly stateVector: Uint8Array }
  | { readonly kind: 'sync-step2'; readonly update: Uint8Array }
  | { readonly kind: 'update'; readonly update: Uint8Array }
  | { readonly kind: 'awareness'; readonly update: Uint8Array }
  | { readonly kind: 'query-awareness' };

/**
 * Decodes one binary message from a client. The payload of an update is not
 * validated here (see `checkUpdateEncoding`); a state vector is.
 */
export function decodeClientMessage(data: Uint8Array): Result<ClientMessage, string> {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    let message: ClientMessage;
    switch (type) {
      case MessageType.Sync: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === SyncMessageType.Step1) {
          Y.decodeStateVector(payload);
          message = { kind: 'sync-step1', stateVector: payload };
        } else if (syncType === SyncMessageType.Step2) {
          message = { kind: 'sync-step2', update: payload };
        } else if (syncType === SyncMessageType.Update) {
          message = { kind: 'update', update: payload };
        } else {
          return fail([`sync message: unknown sync type ${syncType}, expected 0 (step 1), 1 (step 2) or 2 (update)`]);
        }
        break;
      }
      case MessageType.Awareness:
        message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
        break;
      case MessageType.QueryAwareness:
        message = { kind: 'query-awareness' };
        break;
      default:
        return fail([`unknown message type ${type}, expected 0 (sync), 1 (awareness) or 3 (query awareness)`]);
    }
    if (decoding.hasContent(decoder)) {
      return fail([`${message.kind} message: ${data.length - decoder.pos} unexpected bytes after the message`]);
    }
    return ok(message);
  } catch (error) {
    return fail([`undecodable message of ${data.length} bytes: ${errorMessage(error)}`]);
  }
}

/** Frames a sync message of `syncType` around its payload. */
function encodeSyncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Encodes sync step 1 (the sender's state vector). */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSyncMessage(SyncMessageType.Step1, stateVector);
}

/** Encodes sync step 2 (what the receiver is missing). */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSyncMessage(SyncMessageType.Step2, update);
}

/** Encodes an incremental document update. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeSyncMessage(SyncMessageType.Update, update);
}

/** Encodes an awareness message around an encoded awareness update. */
export function encodeAwareness(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return encoding.toUint8Array(encoder);
}
