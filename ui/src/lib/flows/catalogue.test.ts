import { describe, expect, it } from 'vitest';
import { describeNodes, describeOperators, findNodeType } from '@dropline/rules';
import { NODE_INFOS, OPERATOR_INFOS, nodeOutputs } from './catalogue.ts';

describe('catalogue', () => {
  it('is what the rules package describes', () => {
    expect(NODE_INFOS).toEqual(describeNodes());
    expect(OPERATOR_INFOS).toEqual(describeOperators());
  });

  it("reads a decision table's outputs from its rows as the rules package does", () => {
    const settings = {
      columns: [{ fact: 'order.shippingAddress.country' }],
      rows: [
        { cells: [{ operator: 'countryIn', value: ['US'] }], outcome: 'domestic' },
        { cells: [{ operator: 'countryIn', value: ['CA'] }], outcome: 'nearby' },
        { cells: [null], outcome: 'domestic' },
      ],
    };
    const table = findNodeType('decision-table')!;
    const parsed = table.settings.safeParse(settings);
    expect(parsed.success).toBe(true);
    expect(nodeOutputs('decision-table', settings)).toEqual(table.outputs(parsed.data as never));
    expect(nodeOutputs('decision-table', { rows: [{ outcome: 'half-written' }, { outcome: '' }] })).toEqual(['half-written', 'default']);
    expect(nodeOutputs('condition', {})).toEqual(['true', 'false']);
  });
});
