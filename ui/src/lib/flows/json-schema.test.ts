import { describe, expect, it } from 'vitest';
import { nodeInfo } from './catalogue.ts';
import { emptyValue, fieldPath, getIn, labelOf, resolve, setIn, unwrapNullable, widgetOf, type JsonSchema } from './json-schema.ts';

describe('json-schema helpers', () => {
  it('reads the widgets the node types ask for', () => {
    const failover = nodeInfo('route-failover')!.settingsSchema as JsonSchema;
    expect(widgetOf(failover.properties!.suppliers!)).toBe('supplier-list');
    expect(widgetOf(failover.properties!.stock!)).toBe('select');
    const condition = nodeInfo('condition')!.settingsSchema as JsonSchema;
    expect(resolve(condition.properties!.condition!, condition)).toMatchObject({ title: 'When', ui: { widget: 'condition-builder' } });
  });

  it('unwraps nullable cells and starts new values empty', () => {
    const table = nodeInfo('decision-table')!.settingsSchema as JsonSchema;
    const cell = table.properties!.rows!.items!.properties!.cells!.items!;
    const { schema, nullable } = unwrapNullable(cell, table);
    expect(nullable).toBe(true);
    expect(schema.required).toEqual(['operator']);
    expect(emptyValue(table.properties!.rows!.items!, table)).toEqual({ cells: [], outcome: '' });
  });

  it('sets by path without touching the original, and removes cleared keys', () => {
    const value = { a: [{ b: 1 }, { b: 2 }], c: 'x' };
    const next = setIn(value, ['a', 1, 'b'], 3) as typeof value;
    expect(next.a[1]!.b).toBe(3);
    expect(value.a[1]!.b).toBe(2);
    expect(next.a[0]).toBe(value.a[0]);
    expect(setIn(value, ['c'], undefined)).toEqual({ a: value.a });
    expect(getIn(next, ['a', 1, 'b'])).toBe(3);
    expect(fieldPath(['rows', 0, 'cells', 2, 'operator'])).toBe('rows[0].cells[2].operator');
    expect(labelOf({}, 'supplierId')).toBe('Supplier id');
  });
});
