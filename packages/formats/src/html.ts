/**
 * The visible text of an HTML document, without a DOM: tags removed,
 * `script`, `style`, `template`, `noscript` and `head` content dropped,
 * entities decoded, block elements and `<br>` as line breaks, runs of
 * whitespace inside text collapsed to one space (as a browser renders it),
 * `pre` content kept as written.
 */

const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'title', 'body', 'html',
]);
const HIDDEN = new Set(['script', 'style', 'template', 'noscript', 'head']);

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', hellip: '…', mdash: '—', ndash: '–',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', euro: '€', pound: '£', yen: '¥', cent: '¢', deg: '°', middot: '·', bull: '•',
  eacute: 'é', egrave: 'è', aacute: 'á', agrave: 'à', iacute: 'í', oacute: 'ó', uacute: 'ú', ntilde: 'ñ', Ntilde: 'Ñ', uuml: 'ü', ouml: 'ö', auml: 'ä', ccedil: 'ç',
  Eacute: 'É', Aacute: 'Á', Iacute: 'Í', Oacute: 'Ó', Uacute: 'Ú', iexcl: '¡', iquest: '¿', shy: '\u00ad', zwj: '\u200d', zwnj: '\u200c', times: '×', divide: '÷',
};

/** Decodes character references: named (common HTML ones), decimal and hexadecimal. Unknown names are kept as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) return safeCodePoint(parseInt(ref.slice(2), 16), whole);
    if (ref.startsWith('#')) return safeCodePoint(parseInt(ref.slice(1), 10), whole);
    return NAMED[ref] ?? whole;
  });
}

function safeCodePoint(cp: number, fallback: string): string {
  return Number.isInteger(cp) && cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : fallback;
}

/** The visible text of an HTML document (see the module comment). */
export function htmlToText(html: string): string {
  const tokens = html.replace(/<!--[\s\S]*?-->/g, '').split(/(<\/?[A-Za-z][^>]*>|<![^>]*>|<\?[^>]*>)/);
  const lines: string[] = [];
  let line = '';
  let hidden: string | undefined;
  let pre = 0;
  const breakLine = (): void => {
    const t = pre > 0 ? line : line.replace(/[ \t\n\f\r]+/g, ' ').trim();
    if (t !== '') lines.push(t);
    line = '';
  };
  for (const token of tokens) {
    const tag = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(token);
    if (tag !== null) {
      const closing = tag[1] === '/';
      const name = (tag[2] as string).toLowerCase();
      if (hidden !== undefined) {
        if (closing && name === hidden) hidden = undefined;
        continue;
      }
      if (HIDDEN.has(name) && !closing && !token.endsWith('/>')) {
        hidden = name;
        continue;
      }
      if (name === 'pre') pre += closing ? -1 : 1;
      if (BLOCKS.has(name)) breakLine();
      continue;
    }
    if (token.startsWith('<!') || token.startsWith('<?') || hidden !== undefined) continue;
    line += decodeEntities(token);
  }
  breakLine();
  return lines.join('\n');
}
