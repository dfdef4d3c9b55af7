import { afterEach, describe, expect, it } from 'vitest';
import { createRecommender } from '@glossa/suggest';
import { RecommenderThread, RecommenderThreadError } from '../src/suggestions/recommender-thread.js';

const examples = [{ document: { id: 'd1', text: 'The National Guard patrols. The army too.' }, spans: [{ start: 4, end: 18, label: 'militarization' }] }];
let thread: RecommenderThread | undefined;

afterEach(async () => {
  await thread?.close();
});

describe('RecommenderThread', () => {
  it('trains in a worker thread and predicts what the recommender predicts in this one', async () => {
    thread = new RecommenderThread();
    const config = { kind: 'string-match', name: 'strings' } as const;
    const version = await thread.train('shared', config, examples);
    const document = { id: 'd2', text: 'Later the National Guard left; the National Guard came back.' };
    const [suggestions] = await thread.predict('shared', [document]);
    const recommender = createRecommender(config);
    const model = recommender.train(examples);
    expect(version).toBe(model.version);
    expect(suggestions).toEqual(recommender.predict(model, document));
    expect(suggestions?.length).toBe(2);
  });

  it('refuses a prediction without a model, and a request after close', async () => {
    thread = new RecommenderThread();
    await expect(thread.predict('none', [])).rejects.toThrow(/no model trained under "none"/);
    await thread.close();
    await expect(thread.train('x', { kind: 'tagger' }, [])).rejects.toBeInstanceOf(RecommenderThreadError);
  });
});
