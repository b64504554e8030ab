/** @module Add tags to the order (in Dropline and, through the store connector, in the store). */
import { z } from 'zod';
import { defineNode } from './define-node.ts';

export const addTag = defineNode({
  type: 'add-tag',
  category: 'action',
  title: 'Add tag',
  description: 'Tags the order; chain it before a route to mark why the order went where it did.',
  settings: z
    .object({
      tags: z
        .array(z.string().trim().min(1).max(40).refine((t) => !t.includes(','), 'a tag cannot contain a comma'))
        .min(1, 'expected at least one tag')
        .meta({ title: 'Tags', ui: { widget: 'tags' } }),
    })
    .strict(),
  outputs: () => ['out'],
  execute(s, ctx) {
    ctx.trace.action(ctx.nodeId, 'add-tag', s.tags.join(', '));
    return { outputs: { out: ctx.lines }, action: { type: 'add-tag', nodeId: ctx.nodeId, tags: s.tags, lines: ctx.lines.map((l) => l.lineId) } };
  },
});
