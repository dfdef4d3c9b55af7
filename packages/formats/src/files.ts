/**
 * File naming shared by folder formats.
 */

/** A document id made safe as a file name: path separators, reserved and control characters become `_`. */
export function safeFileName(id: string): string {
  const safe = id.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_');
  return safe === '' || safe === '.' || safe === '..' ? `_${safe}` : safe;
}

/** The folder and base name of a `/`-separated path. */
export function splitPath(path: string): { dir: string; base: string; stem: string; ext: string } {
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash);
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  return { dir, base, stem: dot <= 0 ? base : base.slice(0, dot), ext: dot <= 0 ? '' : base.slice(dot) };
}
