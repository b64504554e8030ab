/** @module The drag-and-drop type a palette item carries (its node type) to the canvas. */
export const PALETTE_MIME = 'application/x-dropline-node-type';
