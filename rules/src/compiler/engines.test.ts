import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';

/** Two runs of one engine at once, the first slowed down by an asynchronous fact. */
async function concurrentRuns(engine: Engine) {
  return Promise.all([engine.run({ x: 1, delay: 30 }), engine.run({ x: 1, delay: 1 })]);
}

function twoLevelEngine() {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addRule({ name: 'first', priority: 2, conditions: { all: [{ fact: 'slow', operator: 'equal', value: 1 }] }, event: { type: 'first' } });
  engine.addRule({ name: 'second', priority: 1, conditions: { all: [{ fact: 'x', operator: 'equal', value: 1 }] }, event: { type: 'second' } });
  engine.addFact('slow', async (_params, almanac) => {
    const ms = await almanac.factValue<number>('delay');
    await new Promise((r) => setTimeout(r, ms));
    return 1;
  });
  return engine;
}

describe('json-rules-engine under concurrency (why engines are pooled)', () => {
  it('a shared engine loses rules when another run finishes first, even without stop()', async () => {
    const [slow, fast] = await concurrentRuns(twoLevelEngine());
    expect(fast.events.map((e) => e.type)).toEqual(['first', 'second']);
    // The fast run set the engine FINISHED; the slow run then skipped its lower-priority rules.
    expect(slow.events.map((e) => e.type)).toEqual(['first']);
  });

  it('separate engines give each run all its rules', async () => {
    const [slow, fast] = await Promise.all([twoLevelEngine().run({ x: 1, delay: 30 }), twoLevelEngine().run({ x: 1, delay: 1 })]);
    expect(slow.events.map((e) => e.type)).toEqual(['first', 'second']);
    expect(fast.events.map((e) => e.type)).toEqual(['first', 'second']);
  });
});
