import { describe, expect, it } from 'vitest';
import { commandFor, SHORTCUTS } from './shortcuts.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('commandFor', () => {
  it('maps Ctrl on Linux and ⌘ on macOS', () => {
    expect(commandFor(key('z', { ctrlKey: true }), false, false)).toBe('undo');
    expect(commandFor(key('Z', { ctrlKey: true, shiftKey: true }), false, false)).toBe('redo');
    expect(commandFor(key('z', { metaKey: true }), false, true)).toBe('undo');
    expect(commandFor(key('z', { ctrlKey: true }), false, true)).toBeUndefined();
  });

  it('leaves a text field its own undo, copy and delete, but still saves and runs', () => {
    expect(commandFor(key('z', { ctrlKey: true }), true, false)).toBeUndefined();
    expect(commandFor(key('c', { ctrlKey: true }), true, false)).toBeUndefined();
    expect(commandFor(key('Backspace'), true, false)).toBeUndefined();
    expect(commandFor(key('s', { ctrlKey: true }), true, false)).toBe('save');
    expect(commandFor(key('Enter', { ctrlKey: true }), true, false)).toBe('test-run');
  });

  it('has unmodified keys for the canvas', () => {
    expect(commandFor(key('Delete'), false, false)).toBe('delete');
    expect(commandFor(key('f'), false, false)).toBe('fit-view');
    expect(commandFor(key('L', { shiftKey: true }), false, false)).toBe('auto-layout');
    expect(commandFor(key('?', { shiftKey: true }), false, false)).toBe('help');
    expect(commandFor(key('a'), false, false)).toBeUndefined();
  });

  it('lists every command in the help', () => {
    expect(new Set(SHORTCUTS.map((s) => s.command)).size).toBe(SHORTCUTS.length);
  });
});
