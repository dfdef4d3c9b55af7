/**
 * Named WebSocket close codes the sync server uses. Codes 4400–4499 mirror
 * HTTP 4xx: the stock y-websocket client treats them as final and stops
 * reconnecting. Codes 4500–4599 mirror HTTP 5xx: the client retries.
 */
export const CloseCode = {
  /** Normal closure (RFC 6455). */
  Normal: 1000,
  /** A WebSocket protocol violation (RFC 6455), detected by `ws`. */
  ProtocolError: 1002,
  /** A frame larger than `maxMessageSize` (RFC 6455 "message too big", sent by `ws` itself). */
  MessageTooBig: 1009,
  /** A message that could not be decoded, or an update that failed validation. */
  BadMessage: 4400,
  /** The credentials stopped being valid (token revoked or expired while connected). */
  Unauthorized: 4401,
  /** The connection tried something its role forbids in a way that is not a plain refused write. */
  Forbidden: 4403,
  /** The connection sent updates or awareness messages faster than its rate limit allows. */
  RateLimited: 4429,
  /** The room's stored state could not be loaded; the client may retry later. */
  RoomLoadFailed: 4500,
  /** An update could not be committed to storage; the client retries and resends it. */
  StorageFailed: 4501,
  /** The server is shutting down; the client reconnects to the next instance. */
  ServerShutdown: 4503,
  /** The client did not read its messages fast enough and its send buffer overflowed. */
  SlowConsumer: 4508,
} as const;

/** One of the values of `CloseCode`. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
