/** @module Hold the order for manual review: nothing is placed until a person releases it. */
import { z } from 'zod';
import { defineNode } from './define-node.ts';

export const hold = defineNode({
  type: 'hold',
  category: 'action',
  title: 'Hold for review',
  description: 'Stops routing and puts the order on the exceptions list with the reason, for a person to decide.',
  settings: z
    .object({ reason: z.string().trim().min(1, 'expected a reason').max(500).meta({ title: 'Reason', description: 'Shown to ops on the exceptions list' }) })
    .strict(),
  outputs: () => ['out'],
  execute(s, ctx) {
    ctx.trace.action(ctx.nodeId, 'hold', s.reason);
    return { outputs: { out: ctx.lines }, action: { type: 'hold', nodeId: ctx.nodeId, reason: s.reason, lines: ctx.lines.map((l) => l.lineId) } };
  },
});
