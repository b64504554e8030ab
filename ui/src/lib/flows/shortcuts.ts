/**
 * @module The editor's keyboard shortcuts, one table for the key handler and the help list. Ctrl on
 * Linux and Windows, ⌘ on macOS. Shortcuts without a modifier only apply while focus is not in a field.
 */
export type EditorCommand =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'cut'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'select-all'
  | 'fit-view'
  | 'auto-layout'
  | 'save'
  | 'test-run'
  | 'help';

export interface Shortcut {
  command: EditorCommand;
  keys: string;
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'undo', keys: 'Mod+Z', description: 'Undo' },
  { command: 'redo', keys: 'Mod+Shift+Z or Mod+Y', description: 'Redo' },
  { command: 'copy', keys: 'Mod+C', description: 'Copy the selected nodes' },
  { command: 'cut', keys: 'Mod+X', description: 'Cut the selected nodes' },
  { command: 'paste', keys: 'Mod+V', description: 'Paste nodes' },
  { command: 'duplicate', keys: 'Mod+D', description: 'Duplicate the selected nodes' },
  { command: 'delete', keys: 'Delete or Backspace', description: 'Delete the selected nodes and edges' },
  { command: 'select-all', keys: 'Mod+A', description: 'Select every node' },
  { command: 'fit-view', keys: 'F', description: 'Zoom to fit' },
  { command: 'auto-layout', keys: 'Shift+L', description: 'Arrange the nodes automatically' },
  { command: 'save', keys: 'Mod+S', description: 'Save the draft now' },
  { command: 'test-run', keys: 'Mod+Enter', description: 'Run the test order again' },
  { command: 'help', keys: '?', description: 'Show these shortcuts' },
];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The command a key press means, given whether focus is in a text field (then only modified keys count). */
export function commandFor(e: KeyLike, inField: boolean, mac: boolean): EditorCommand | undefined {
  const mod = mac ? e.metaKey : e.ctrlKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (key === 's') return 'save';
    if (key === 'Enter') return 'test-run';
    // In a field, the browser's own undo, copy and select-all apply to the text.
    if (inField) return undefined;
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    if (key === 'c') return 'copy';
    if (key === 'x') return 'cut';
    if (key === 'v') return 'paste';
    if (key === 'd') return 'duplicate';
    if (key === 'a') return 'select-all';
    return undefined;
  }
  if (inField || e.altKey || e.ctrlKey || e.metaKey) return undefined;
  if (key === 'Delete' || key === 'Backspace') return 'delete';
  if (key === 'f' && !e.shiftKey) return 'fit-view';
  if (key === 'l' && e.shiftKey) return 'auto-layout';
  if (e.key === '?') return 'help';
  return undefined;
}
