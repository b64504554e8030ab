/** @module The entry node: where a flow starts when its trigger event arrives. Exactly one per flow. */
import { z } from 'zod';
import { defineNode } from './define-node.ts';

export const trigger = defineNode({
  type: 'trigger',
  category: 'trigger',
  title: 'Start',
  description: "Where the flow starts when its trigger event arrives (the flow's trigger says which).",
  settings: z.object({}).strict(),
  outputs: () => ['out'],
  requiredOutputs: () => ['out'],
});
