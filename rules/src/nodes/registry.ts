/**
 * @module Every node type, and their description as JSON for the editor: palette entries and property forms
 * are drawn from the same declarations the runtime uses.
 */
import { z } from 'zod';
import { addTag } from './add-tag.ts';
import { callWebhook } from './call-webhook.ts';
import { cancelRefund } from './cancel-refund.ts';
import { condition } from './condition.ts';
import { decisionTable } from './decision-table.ts';
import type { AnyNodeDefinition, NodeCategory } from './define-node.ts';
import { hold } from './hold.ts';
import { notifyCustomer } from './notify-customer.ts';
import { routeBySku } from './route-by-sku.ts';
import { routeFailover } from './route-failover.ts';
import { routeNearest } from './route-nearest.ts';
import { routeToSupplier } from './route-to-supplier.ts';
import { splitOrder } from './split-order.ts';
import { trigger } from './trigger.ts';

/** Every node type by its `type`, with its settings schema's type kept (for typed builders). */
export const NODES = {
  trigger,
  condition,
  'decision-table': decisionTable,
  'route-to-supplier': routeToSupplier,
  'route-failover': routeFailover,
  'route-nearest': routeNearest,
  'route-by-sku': routeBySku,
  'split-order': splitOrder,
  hold,
  'notify-customer': notifyCustomer,
  'cancel-refund': cancelRefund,
  'add-tag': addTag,
  'call-webhook': callWebhook,
} as const;

export type NodeType = keyof typeof NODES;
/** What a node of this type takes as settings (before defaults). */
export type NodeSettingsInput<T extends NodeType> = z.input<(typeof NODES)[T]['settings']>;

for (const [key, def] of Object.entries(NODES)) if (def.type !== key) throw new Error(`node type "${def.type}" registered as "${key}"`);

export const NODE_TYPES: readonly AnyNodeDefinition[] = Object.values(NODES) as unknown as AnyNodeDefinition[];

const BY_TYPE = new Map(NODE_TYPES.map((n) => [n.type, n]));

export function findNodeType(type: string): AnyNodeDefinition | undefined {
  return BY_TYPE.get(type);
}

export interface NodeTypeInfo {
  type: string;
  category: NodeCategory;
  title: string;
  description: string;
  /** Routing actions place lines on suppliers. */
  routes: boolean;
  /** JSON Schema (draft 2020-12) of the settings, with the `ui` hints the property form renders. */
  settingsSchema: unknown;
  /** Output handles with the default settings; a decision table's depend on its rows. */
  outputs: string[];
  outputsDependOnSettings: boolean;
  requiredOutputs: string[];
}

/** The palette: every node type with its settings as JSON Schema. */
export function describeNodes(): NodeTypeInfo[] {
  return NODE_TYPES.map((def) => {
    // Only a decision table's outputs depend on its settings (its outcomes); the others ignore them.
    const sample = def.category === 'table' ? { columns: [], rows: [] } : {};
    return {
      type: def.type,
      category: def.category,
      title: def.title,
      description: def.description,
      routes: Boolean(def.routes),
      settingsSchema: z.toJSONSchema(def.settings, { io: 'input', unrepresentable: 'any' }),
      outputs: def.outputs(sample),
      outputsDependOnSettings: def.category === 'table',
      requiredOutputs: def.requiredOutputs ? def.requiredOutputs(sample) : [],
    };
  });
}
