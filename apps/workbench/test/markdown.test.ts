// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { h, render } from 'preact';
import fc from 'fast-check';
import { Markdown, headingId, isSafeHref, markdownBlocks } from '../src/markdown.js';

/** The HTML `Markdown` renders for a text. */
function html(markdown: string): string {
  const container = document.createElement('div');
  render(h(Markdown, { markdown }), container);
  return container.innerHTML.replace(/^<div class="markdown">|<\/div>$/g, '');
}

describe('Markdown', () => {
  it('renders headings one level under the page, paragraphs, lists, quotes, code and rules', () => {
    const text = ['# Rules', '', 'Mark *whole* words, **not** parts.', 'Same paragraph.', '', '- one', '- two `code`', '  continued', '', '1. first', '2. second', '', '> quoted', '', '```', '<b>kept</b>', '```', '', '---'].join('\n');
    expect(html(text)).toBe(
      '<h2 id="rules">Rules</h2><p>Mark <em>whole</em> words, <strong>not</strong> parts. Same paragraph.</p>' +
        '<ul><li>one</li><li>two <code>code</code> continued</li></ul><ol><li>first</li><li>second</li></ol>' +
        '<blockquote>quoted</blockquote><pre tabindex="0"><code>&lt;b&gt;kept&lt;/b&gt;</code></pre><hr>',
    );
  });

  it('shows raw HTML as text and follows only web, mail and in-page links', () => {
    const rendered = html('<script>alert(1)</script> <img src=x onerror="alert(2)"> [ok](https://example.org) [in](#rules) [bad](javascript:alert(3)) [data](data:text/html,x)');
    expect(rendered).not.toMatch(/<script|<img|href="javascript|href="data/);
    expect(rendered).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rendered).toContain('<a href="https://example.org" target="_blank" rel="noopener noreferrer">ok</a>');
    expect(rendered).toContain('<a href="#rules">in</a>');
    expect(rendered).toContain('[bad](javascript:alert(3))');
  });

  it('never makes an element other than the Markdown ones, nor a link that is not safe, for any text', () => {
    const allowed = new Set(['H2', 'H3', 'H4', 'H5', 'H6', 'P', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'PRE', 'CODE', 'HR', 'EM', 'STRONG', 'A']);
    const pieces = fc.constantFrom('<', '>', '"', "'", '=', '*', '_', '`', '[', ']', '(', ')', '#', '-', '>', '\n', ' ', 'a', 'script', 'onerror', 'javascript:', 'http://x', '1.', '```');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        const container = document.createElement('div');
        render(h(Markdown, { markdown: parts.join('') }), container);
        for (const element of Array.from(container.querySelectorAll('.markdown *'))) {
          expect(allowed.has(element.tagName)).toBe(true);
          for (const attribute of Array.from(element.attributes)) expect(['id', 'href', 'target', 'rel', 'tabindex']).toContain(attribute.name);
          const href = element.getAttribute('href');
          if (href !== null) expect(isSafeHref(href)).toBe(true);
        }
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });

  it('makes heading ids from the text', () => {
    expect(headingId('5.1 `militarization` (Militarization)')).toBe('5-1-militarization-militarization');
    expect(markdownBlocks('')).toEqual([]);
  });
});
