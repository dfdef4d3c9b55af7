/**
 * The definitions of the agreement measures, in the words of
 * packages/core/README.md ("Inter-annotator agreement"), so that the
 * dashboard says exactly what its figures are.
 */
import type { JSX } from 'preact';

/** The definitions section of the dashboard. */
export function AgreementDefinitions(): JSX.Element {
  return (
    <section class="panel dashboard-section" aria-labelledby="definitions-title" data-testid="agreement-definitions">
      <h2 id="definitions-title">Definitions</h2>
      <p>
        <code>computeAgreement(&#123; documents, annotators?, labels?, unit?, tokenize? &#125;)</code>; input offsets UTF-16. This page computes it in the browser on the
        layers it has loaded, with unit <code>char</code> and every label found.
      </p>
      <ul class="definitions">
        <li>
          <em>Units</em>: <code>char</code> = every code point of a document's text that is not whitespace; <code>token</code> = the caller's tokens (
          <code>tokenize</code> or <code>doc.tokens</code>; the CLI passes the exporter's tokenizer). A document counts for an annotator who has a layer for it (even
          an empty one); it is compared when ≥ 2 do.
        </li>
        <li>
          <em>Per label L</em>, an annotator's vector is 1 on units a span of label L in their layer covers, else 0.
        </li>
        <li>
          <code>kappa</code>: Cohen's κ per pair over the documents both have; the mean over pairs where defined.
        </li>
        <li>
          <code>fleiss</code>: Fleiss' κ (categories &#123;0, 1&#125;) over the documents every selected annotator has.
        </li>
        <li>
          <code>alpha</code>: Krippendorff's α, nominal, over all compared documents, missing where a layer is absent.
        </li>
        <li>
          <code>alpha_u</code>: Krippendorff's unitizing α as DKPro Statistics computes it, per label, on the code-point continuum (whitespace included) of the
          documents everyone has, concatenated in id order as INCEpTION does; overlapping same-label spans of one layer are merged first.
        </li>
        <li>
          <code>f1_exact</code> / <code>f1_overlap</code>: 2·matches / (|A| + |B|) summed over shared documents, then the mean over pairs; a match is an identical
          (start, end, label), or for <code>f1_overlap</code> a one-to-one matching where each span of A, in (start, end) order, takes the first unmatched same-label
          span of B that overlaps it.
        </li>
        <li>
          <code>support</code>: the number of spans of the label in the selected layers of compared documents.
        </li>
        <li>
          <code>overall</code>: the mean of each measure over labels with support, where defined.
        </li>
        <li>Undefined values (kappa when neither annotator ever uses a label, …) are <code>null</code>, never 0 or NaN.</li>
        <li>
          <code>computeConfusion</code>: per pair, the units where A used label x and B used label y (labels + <code>none</code>); a unit covered by several labels
          counts in every cell of A's labels × B's labels.
        </li>
      </ul>
      <p class="muted">Undefined values are shown as “n/a”.</p>
    </section>
  );
}
