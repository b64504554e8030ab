import { describe, expect, it } from 'vitest';
import { History } from './history.ts';

describe('History', () => {
  it('undoes and redoes, and a new edit clears what could be redone', () => {
    const h = new History('a');
    h.push('b', 'B');
    h.push('c', 'C');
    expect(h.undoLabel).toBe('C');
    expect(h.undo()).toBe('b');
    expect(h.redoLabel).toBe('C');
    expect(h.redo()).toBe('c');
    h.undo();
    h.push('d', 'D');
    expect(h.canRedo).toBe(false);
    expect(h.undo()).toBe('b');
    expect(h.undo()).toBe('a');
    expect(h.undo()).toBeUndefined();
  });

  it('makes typing in one field one step, until sealed', () => {
    const h = new History('');
    h.push('h', 'Edit', 'name');
    h.push('he', 'Edit', 'name');
    h.push('hey', 'Edit', 'name');
    expect(h.undo()).toBe('');
    h.redo();
    h.seal();
    h.push('hey!', 'Edit', 'name');
    expect(h.undo()).toBe('hey');
  });

  it('keeps at most its limit of steps', () => {
    const h = new History(0, 3);
    for (let i = 1; i <= 10; i++) h.push(i, String(i));
    let undone = 0;
    while (h.undo() !== undefined) undone++;
    expect(undone).toBe(3);
    expect(h.present).toBe(7);
  });
});
