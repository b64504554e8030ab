/**
 * @module Test helper: run a flow in both evaluation modes and insist they agree, so every test of a
 * behaviour is also a test that compiled conditions and json-rules-engine decide the same.
 */
import { expect } from 'vitest';
import type { Flow } from '../model/flow.ts';
import { compileFlow, type CompileOptions } from '../runtime/compile-flow.ts';
import type { RunOptions } from '../runtime/compiled-flow.ts';
import type { Decision, FlowRunInput } from '../runtime/decision.ts';

export const NOW = '2026-03-10T15:00:00.000Z';

/** The decision without the first trace step, which names the evaluation mode. */
function comparable(d: Decision) {
  return { ...d, trace: d.trace.slice(1) };
}

export async function runFlow(flow: Flow, input: FlowRunInput, options: CompileOptions & RunOptions = {}): Promise<Decision> {
  const { facts, now, trace, ...compile } = options;
  const run: RunOptions = { now: now ?? NOW, ...(facts ? { facts } : {}), ...(trace !== undefined ? { trace } : {}) };
  const compiled = await compileFlow(flow, { ...compile, evaluation: 'compiled' }).run(input, run);
  const engine = await compileFlow(flow, { ...compile, evaluation: 'engine' }).run(input, run);
  expect(comparable(engine)).toEqual(comparable(compiled));
  return compiled;
}

/** Trace steps of one kind, optionally for one node. */
export function steps(d: Decision, step: string, nodeId?: string) {
  return d.trace.filter((s) => s.step === step && (nodeId === undefined || s.nodeId === nodeId));
}

/** `sku→supplier×quantity` per assignment, in the order of the input's lines. */
export function placed(d: Decision, input?: FlowRunInput): string[] {
  if (d.kind !== 'assign') return [];
  const order = input ? input.lines.map((l) => l.lineId) : [];
  return [...d.assignments]
    .sort((a, b) => order.indexOf(a.lineId) - order.indexOf(b.lineId))
    .map((a) => `${a.sku}→${a.supplierId}${a.quantity === 1 ? '' : `×${a.quantity}`}`);
}
