import { describe, expect, it } from 'vitest';
import { FlowValidationError } from '../validation/issues.ts';
import { parseFlow } from './parse-flow.ts';

describe('parseFlow', () => {
  const json = { id: 'f', name: 'F', trigger: 'order.received', nodes: [{ id: 'start', type: 'trigger' }], edges: [] };

  it('applies defaults: schema version, positions, settings', () => {
    expect(parseFlow(json)).toEqual({ schemaVersion: 1, id: 'f', name: 'F', trigger: 'order.received', nodes: [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, settings: {} }], edges: [] });
  });

  it('refuses other format versions and malformed JSON with field paths', () => {
    expect(() => parseFlow({ ...json, schemaVersion: 2 })).toThrow(/flow format 2 is not supported/);
    try {
      parseFlow({ ...json, nodes: [{ id: 'bad id!', type: 'trigger' }] });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FlowValidationError);
      expect((err as FlowValidationError).issues[0]).toMatchObject({ code: 'invalid_flow', field: 'nodes[0].id' });
    }
  });
});
