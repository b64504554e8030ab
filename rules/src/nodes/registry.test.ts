import { describe, expect, it } from 'vitest';
import { describeNodes, findNodeType, NODE_TYPES } from './registry.ts';

describe('node registry', () => {
  it('declares every node type once, with the categories the brief names', () => {
    expect(NODE_TYPES.map((n) => `${n.category}:${n.type}`)).toEqual([
      'trigger:trigger',
      'condition:condition',
      'table:decision-table',
      'action:route-to-supplier',
      'action:route-failover',
      'action:route-nearest',
      'action:route-by-sku',
      'action:split-order',
      'action:hold',
      'action:notify-customer',
      'action:cancel-refund',
      'action:add-tag',
      'action:call-webhook',
    ]);
    expect(findNodeType('route-failover')?.routes).toBe(true);
    expect(findNodeType('nope')).toBeUndefined();
  });

  it('describes the palette as JSON Schema with the UI hints', () => {
    const nodes = describeNodes();
    const byType = new Map(nodes.map((n) => [n.type, n]));
    expect(byType.get('trigger')).toMatchObject({ category: 'trigger', outputs: ['out'], requiredOutputs: ['out'] });
    expect(byType.get('condition')).toMatchObject({ outputs: ['true', 'false'], outputsDependOnSettings: false });
    expect(byType.get('decision-table')).toMatchObject({ outputs: ['default'], outputsDependOnSettings: true });
    expect(byType.get('route-failover')).toMatchObject({ routes: true, outputs: ['out', 'none'] });
    const failover = byType.get('route-failover')!.settingsSchema as { properties: Record<string, { ui?: unknown; default?: unknown; title?: string }>; required: string[] };
    expect(failover.properties.suppliers).toMatchObject({ title: 'Chain', ui: { widget: 'supplier-list', sortable: true } });
    expect(failover.properties.stock).toMatchObject({ default: 'require', ui: { widget: 'select' } });
    const condition = byType.get('condition')!.settingsSchema as { $defs?: Record<string, unknown> };
    expect(JSON.stringify(condition)).toContain('condition-builder');
    for (const n of nodes) expect(n.settingsSchema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema' });
    expect(JSON.parse(JSON.stringify(nodes))).toEqual(nodes);
  });
});
