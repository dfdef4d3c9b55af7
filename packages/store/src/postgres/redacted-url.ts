/**
 * A database or Redis URL as it may be shown: in messages, logs and the
 * `location` of a store, never with its password.
 */
/** `url` without its password, to show. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
