/**
 * Markdown as Preact elements, for a project's guidelines: headings,
 * paragraphs, lists, block quotes, fenced code, rules, and inline code,
 * strong, emphasis and links. Nothing is ever parsed as HTML: raw HTML in
 * the text is shown as the text it is, and a link keeps only an `http:`,
 * `https:` or `mailto:` target or one inside the page (`#…`); any other
 * (`javascript:`, `data:`) is shown as plain text. So the output is safe
 * by construction, with no sanitizer to keep up to date. A link inside the
 * page scrolls to its heading and leaves the hash (the route) alone.
 */
import type { ComponentChildren, JSX } from 'preact';

/** A block of a Markdown text. */
type Block =
  | { readonly kind: 'heading'; readonly level: number; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly string[] }
  | { readonly kind: 'quote'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'rule' };

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const FENCE = /^\s{0,3}(```|~~~)/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;

/** Splits a Markdown text into blocks. */
export function markdownBlocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  const startsBlock = (line: string): boolean => HEADING.test(line) || BULLET.test(line) || NUMBERED.test(line) || RULE.test(line) || FENCE.test(line) || QUOTE.test(line);
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence !== null) {
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').trimStart().startsWith(fence[1] ?? '```'); i++) body.push(lines[i] ?? '');
      i++;
      blocks.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading !== null) {
      blocks.push({ kind: 'heading', level: (heading[1] ?? '#').length, text: heading[2] ?? '' });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i] ?? ''); i++) body.push(QUOTE.exec(lines[i] ?? '')?.[1] ?? '');
      blocks.push({ kind: 'quote', text: body.join(' ') });
      continue;
    }
    const ordered = NUMBERED.test(line);
    if (ordered || BULLET.test(line)) {
      const marker = ordered ? NUMBERED : BULLET;
      const items: string[] = [];
      for (; i < lines.length; i++) {
        const current = lines[i] ?? '';
        const item = marker.exec(current);
        if (item !== null) items.push(item[1] ?? '');
        // An indented line continues the item above it.
        else if (current.trim() !== '' && /^\s+/.test(current) && items.length > 0) items[items.length - 1] += ` ${current.trim()}`;
        else break;
      }
      blocks.push({ kind: 'list', ordered, items });
      continue;
    }
    const body: string[] = [];
    for (; i < lines.length && (lines[i] ?? '').trim() !== '' && (body.length === 0 || !startsBlock(lines[i] ?? '')); i++) body.push((lines[i] ?? '').trim());
    blocks.push({ kind: 'paragraph', text: body.join(' ') });
  }
  return blocks;
}

/** Whether a link target may be followed: the web, mail, or a place in this page. */
export function isSafeHref(href: string): boolean {
  return /^(https?:|mailto:)/i.test(href) || href.startsWith('#');
}

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|\[([^\]]+)\]\(([^)\s]+)\)/;

/** The inline content of a block: code, strong, emphasis and links; everything else as text. */
export function inlineMarkdown(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let rest = text;
  for (let match = INLINE.exec(rest); match !== null; match = INLINE.exec(rest)) {
    if (match.index > 0) out.push(rest.slice(0, match.index));
    const [whole, code, strong1, strong2, em1, em2, label, href] = match;
    const key = out.length;
    if (code !== undefined) out.push(<code key={key}>{code}</code>);
    else if (strong1 !== undefined || strong2 !== undefined) out.push(<strong key={key}>{inlineMarkdown(strong1 ?? strong2 ?? '')}</strong>);
    else if (em1 !== undefined || em2 !== undefined) out.push(<em key={key}>{inlineMarkdown(em1 ?? em2 ?? '')}</em>);
    else if (label !== undefined && href !== undefined && isSafeHref(href)) {
      const inPage = href.startsWith('#');
      out.push(
        <a key={key} href={href} {...(inPage ? { onClick: (event: MouseEvent) => jumpTo(event, href.slice(1)) } : { target: '_blank', rel: 'noopener noreferrer' })}>
          {inlineMarkdown(label)}
        </a>,
      );
    } else out.push(whole);
    rest = rest.slice(match.index + whole.length);
  }
  if (rest !== '') out.push(rest);
  return out;
}

/**
 * Follows a link to the element with `id` in this page: scrolls to it and
 * moves the focus there, without changing the location's hash (the hash
 * holds the workbench's route).
 */
export function jumpTo(event: Event, id: string): void {
  event.preventDefault();
  const target = document.getElementById(id);
  if (target === null) return;
  target.setAttribute('tabindex', '-1');
  target.scrollIntoView({ block: 'start' });
  target.focus({ preventScroll: true });
}

/** The id of a heading's anchor: its text in lowercase, runs of other characters as `-`. */
export function headingId(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_[\]()]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');
}

/** Props of `Markdown`. */
export interface MarkdownProps {
  readonly markdown: string;
  /** The level a `#` heading gets, so the text fits under the page's own headings. @default 2 */
  readonly topLevel?: number;
}

/** A Markdown text as elements; headings carry ids (`headingId`) to link to. */
export function Markdown({ markdown, topLevel = 2 }: MarkdownProps): JSX.Element {
  return (
    <div class="markdown">
      {markdownBlocks(markdown).map((block, i) => {
        switch (block.kind) {
          case 'heading': {
            const Tag = `h${Math.min(6, block.level + topLevel - 1)}` as 'h2';
            return (
              <Tag key={i} id={headingId(block.text)}>
                {inlineMarkdown(block.text)}
              </Tag>
            );
          }
          case 'paragraph':
            return <p key={i}>{inlineMarkdown(block.text)}</p>;
          case 'quote':
            return <blockquote key={i}>{inlineMarkdown(block.text)}</blockquote>;
          case 'code':
            return (
              <pre key={i} tabIndex={0}>
                <code>{block.text}</code>
              </pre>
            );
          case 'rule':
            return <hr key={i} />;
          case 'list': {
            const items = block.items.map((item, j) => <li key={j}>{inlineMarkdown(item)}</li>);
            return block.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
          }
        }
      })}
    </div>
  );
}
