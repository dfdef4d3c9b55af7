// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { h, render } from 'preact';
import { computeAgreement } from '@glossa/core';
import type { AgreementReport, LabelSchema } from '@glossa/core';
import { RelationAgreementSection } from '../src/dashboard/relation-section.js';

const schema: LabelSchema = {
  version: 1,
  name: 'policy',
  textColor: '#111111',
  groups: [],
  documentLabels: [],
  labels: [
    { id: 'measure', name: 'Measure', description: 'A measure.', color: '#ffcc00' },
    { id: 'budget', name: 'Budget', description: 'A budget line.', color: '#00aaff' },
  ],
  relationLabels: [{ id: 'funded-by', name: 'Funded by', description: 'Paid for by.', directed: true, color: '#b39ddb' }],
};

const TEXT = 'The patrols are paid from the federal fund and the state fund.';
const at = (id: string, quote: string, label: string) => ({ id, start: TEXT.indexOf(quote), end: TEXT.indexOf(quote) + quote.length, label });

/** Alice relates the patrols to both funds, Bob to the federal one only: one match, F1 = 2·1 / (2 + 1). */
function report(relations: boolean): AgreementReport {
  const spans = [at('p', 'patrols', 'measure'), at('f', 'federal fund', 'budget'), at('s', 'state fund', 'budget')];
  return computeAgreement({
    documents: [
      {
        id: 'd',
        text: TEXT,
        layers: { alice: spans, bob: spans },
        ...(relations
          ? {
              relations: {
                alice: [
                  { from: 'p', to: 'f', label: 'funded-by', directed: true },
                  { from: 'p', to: 's', label: 'funded-by', directed: true },
                ],
                bob: [{ from: 'p', to: 'f', label: 'funded-by', directed: true }],
              },
            }
          : {}),
      },
    ],
  });
}

function cells(container: HTMLElement, testId: string): string[][] {
  return Array.from(container.querySelectorAll(`[data-testid="${testId}"] tbody tr`)).map((row) => Array.from(row.children).map((cell) => cell.textContent ?? ''));
}

describe('RelationAgreementSection', () => {
  it('shows relation F1 per relation label, overall and per pair, by the label names of the schema', () => {
    const container = document.createElement('div');
    render(h(RelationAgreementSection, { schema, report: report(true) }), container);
    expect(cells(container, 'relation-agreement-labels')).toEqual([
      ['Funded by', '0.667', '0.667', '3'],
      ['Overall', '0.667', '0.667', '3'],
    ]);
    expect(cells(container, 'relation-agreement-pairs')).toEqual([['alice – bob', '0.667', '0.667']]);
  });

  it('shows nothing when the report has no relation, or comes from a server without relation agreement', () => {
    const container = document.createElement('div');
    render(h(RelationAgreementSection, { schema, report: report(false) }), container);
    expect(container.innerHTML).toBe('');
    const { relations: _relations, ...older } = report(true);
    render(h(RelationAgreementSection, { schema, report: older as AgreementReport }), container);
    expect(container.innerHTML).toBe('');
  });
});
