// The unit tests of pure logic run in Node (node:test), not in the page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeyPress } from './keyboardShortcuts';
import { shortcutForKey, shortcutHelp } from './keyboardShortcuts';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...extra,
});

describe('shortcutForKey', () => {
  it('maps plain keys', () => {
    assert.equal(shortcutForKey(press(' ')), 'togglePlay');
    assert.equal(shortcutForKey(press('ArrowRight')), 'seekForward');
    assert.equal(shortcutForKey(press('ArrowLeft')), 'seekBackward');
    assert.equal(shortcutForKey(press('ArrowUp')), 'volumeUp');
    assert.equal(shortcutForKey(press('ArrowDown')), 'volumeDown');
    assert.equal(shortcutForKey(press('m')), 'toggleMute');
    assert.equal(shortcutForKey(press('S', { shiftKey: true })), 'toggleShuffle');
    assert.equal(shortcutForKey(press('r')), 'cycleRepeat');
    assert.equal(shortcutForKey(press('/')), 'focusSearch');
    assert.equal(shortcutForKey(press('?', { shiftKey: true })), 'showShortcuts');
  });

  it('maps Ctrl and Cmd combinations alike', () => {
    assert.equal(shortcutForKey(press('ArrowRight', { ctrlKey: true })), 'next');
    assert.equal(shortcutForKey(press('ArrowLeft', { metaKey: true })), 'previous');
    assert.equal(shortcutForKey(press('f', { metaKey: true })), 'focusSearch');
  });

  it('leaves other combinations to the browser', () => {
    assert.equal(shortcutForKey(press('r', { ctrlKey: true })), null);
    assert.equal(shortcutForKey(press('ArrowRight', { altKey: true })), null);
    assert.equal(shortcutForKey(press('x')), null);
  });

  it('documents every shortcut', () => {
    assert.ok(shortcutHelp('Ctrl').some((entry) => entry.keys.includes('Ctrl →')));
  });
});
