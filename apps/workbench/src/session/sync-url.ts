/**
 * Where the sync server is: the WebSocket URL of the server that served the page.
 */

/** The WebSocket base URL of the server that served the page, e.g. `ws://host/sync`. */
export function defaultSyncUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}
