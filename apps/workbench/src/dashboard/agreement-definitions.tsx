/**
 * The definitions of the agreement measures, for the people who read the
 * dashboard: each measure under the name its tables give it (`MEASURES`),
 * in words, with what the figures are computed on. They say what the
 * definitions of packages/core/README.md ("Inter-annotator agreement") say,
 * without the function's signature and field names.
 */
import type { JSX } from 'preact';
import type { AgreementMeasures } from '@glossa/core';
import { MEASURES } from './figure-cells.js';

/** What each measure of the tables is, in words. */
const MEANINGS: Readonly<Record<keyof AgreementMeasures, string>> = {
  kappa: 'Cohen’s κ of each pair of annotators over the documents both have, then the mean over the pairs where it is defined.',
  fleiss: 'Fleiss’ κ (a unit is in the label or not) over the documents every annotator has.',
  alpha: 'Krippendorff’s α, nominal, over all compared documents; a document an annotator has no layer for counts as missing for them.',
  alpha_u:
    'Krippendorff’s unitizing α as DKPro Statistics computes it: per label, on the characters of the documents everyone has (whitespace included), one after the other in the order of their ids, as INCEpTION does; overlapping spans of one label in one layer are merged first.',
  f1_exact:
    'twice the matches divided by the spans of both annotators, summed over the documents a pair shares, then the mean over the pairs; a match is a span with the same start, end and label.',
  f1_overlap:
    'as F1 exact, but a span matches the first not yet matched span of the other annotator with the same label that overlaps it (each span of the first annotator in text order, each span matched once).',
};

/** The definitions section of the dashboard. */
export function AgreementDefinitions(): JSX.Element {
  return (
    <section class="panel dashboard-section" aria-labelledby="definitions-title" data-testid="agreement-definitions">
      <h2 id="definitions-title">Definitions</h2>
      <p>
        The figures compare the annotators’ layers unit by unit. In characters, this page computes them on the layers it keeps open and recomputes them as the annotators
        work; in tokens, the server computes them with the tokenizer of the exports.
      </p>
      <ul class="definitions">
        <li>
          <em>Units</em>: in characters, every character of a document’s text that is not whitespace; in tokens, the tokens of the exports. A document counts for an
          annotator who has a layer for it (even an empty one), and is compared when at least two annotators have one.
        </li>
        <li>
          <em>Per label</em>, an annotator marks a unit when a span of that label in their layer covers it; the measures compare what the annotators marked.
        </li>
        {MEASURES.map((measure) => (
          <li key={measure.key}>
            <em>{measure.name}</em>: {MEANINGS[measure.key]}
          </li>
        ))}
        <li>
          <em>Support</em>: the number of spans of the label in the annotators’ layers of the compared documents.
        </li>
        <li>
          <em>Overall</em>: the mean of each measure over the labels with support, where it is defined.
        </li>
        <li>
          <em>Label confusion</em>: for a pair of annotators, the units where the first used one label and the second another (or none); a unit covered by several
          labels counts once for each pair of their labels.
        </li>
        <li>A measure that is not defined (κ when neither annotator ever uses a label, for instance) is shown as “n/a”, never as 0.</li>
      </ul>
    </section>
  );
}
