/**
 * @module The size of a node on the canvas and where its handles are, computed from what it shows, so
 * Svelte Flow can place edges and leave off-screen nodes undrawn without measuring every node first (a
 * 300-node flow would otherwise be drawn whole, measured, and only then culled). Every number here mirrors a
 * fixed size in flow-node.svelte's styles: change them together. Nodes that are drawn are measured anyway;
 * these figures only stand in until then.
 */
import type { NodeHandle } from '@xyflow/svelte';

export const NODE_WIDTH = 220;
const BORDER = 1.5;
const LEFT_BORDER = 5;
const PAD_TOP = 8;
const PAD_BOTTOM = 6;
const HEAD = 18;
const CAPTION = 18;
const SUMMARY = 32;
const ISSUE = 4 + 16;
const RUN = 4 + 18;
const SEEN_GAP = 4;
const SEEN_ROW = 14;
const OUTPUTS_GAP = 6;
const OUTPUT = 17;
const OUTPUT_GAP = 2;
export const HANDLE_SIZE = 11;

export interface NodeShape {
  hasInput: boolean;
  caption: boolean;
  summary: boolean;
  issue: boolean;
  run: boolean;
  seenRows: number;
  outputs: readonly string[];
}

export interface NodeGeometry {
  width: number;
  height: number;
  handles: NodeHandle[];
}

export function nodeGeometry(shape: NodeShape, inputHandle: string): NodeGeometry {
  let y = BORDER + PAD_TOP + HEAD;
  if (shape.caption) y += CAPTION;
  if (shape.summary) y += SUMMARY;
  if (shape.issue) y += ISSUE;
  if (shape.run) y += RUN;
  if (shape.seenRows > 0) y += SEEN_GAP + SEEN_ROW * shape.seenRows;
  const handles: NodeHandle[] = [];
  if (shape.outputs.length > 0) {
    y += OUTPUTS_GAP;
    shape.outputs.forEach((id, i) => {
      const centre = y + i * (OUTPUT + OUTPUT_GAP) + OUTPUT / 2;
      // A source handle sits on the right edge of its row, half outside the node.
      handles.push({ id, type: 'source', position: 'right' as NodeHandle['position'], x: NODE_WIDTH - BORDER - HANDLE_SIZE / 2, y: centre - HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE });
    });
    y += shape.outputs.length * OUTPUT + (shape.outputs.length - 1) * OUTPUT_GAP;
  }
  const height = y + PAD_BOTTOM + BORDER;
  if (shape.hasInput) {
    // The input sits on the left edge, in the middle of the node (inside its left border).
    handles.push({ id: inputHandle, type: 'target', position: 'left' as NodeHandle['position'], x: LEFT_BORDER - HANDLE_SIZE / 2, y: height / 2 - HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE });
  }
  return { width: NODE_WIDTH, height, handles };
}
