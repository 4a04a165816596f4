import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createExternalLinkOpener, createUserActivation, USER_ACTIVATION_MS } from './externalLinks';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('a click or key press activates; moving, scrolling and key release do not', () => {
  for (const type of ['mouseDown', 'mouseUp', 'rawKeyDown', 'keyDown', 'gestureTap', 'touchEnd']) {
    const activation = createUserActivation();
    activation.noteInput(type);
    assert.equal(activation.consume(), true, type);
  }
  for (const type of ['mouseMove', 'mouseEnter', 'mouseLeave', 'mouseWheel', 'keyUp', 'char', 'undefined']) {
    const activation = createUserActivation();
    activation.noteInput(type);
    assert.equal(activation.consume(), false, type);
  }
});

test('an activation lasts a second and is used up by the first link', () => {
  const time = clock();
  const activation = createUserActivation(time.now);
  assert.equal(activation.consume(), false, 'no input yet');
  activation.noteInput('mouseUp');
  time.advance(USER_ACTIVATION_MS);
  assert.equal(activation.consume(), true);
  assert.equal(activation.consume(), false, 'one click opens one link');
  activation.noteInput('keyDown');
  time.advance(USER_ACTIVATION_MS + 1);
  assert.equal(activation.consume(), false, 'too long ago');
});

test('the opener passes clicked http(s) links to the browser, normalised, and nothing else', async () => {
  const time = clock();
  const activation = createUserActivation(time.now);
  const opened: string[] = [];
  const open = createExternalLinkOpener(async (url) => {
    opened.push(url);
  }, activation);

  assert.equal(open('https://example.org/artist'), false, 'not clicked');
  activation.noteInput('mouseUp');
  assert.equal(open('HTTPS://Example.org/artist'), true);
  assert.equal(open('https://example.org/second'), false, 'the click was used up');

  for (const url of [
    'file:///etc/passwd',
    'javascript:alert(1)',
    'busker://app/index.html',
    'smb://server/share',
    'https://user:pw@example.org/',
  ]) {
    activation.noteInput('mouseUp');
    assert.equal(open(url), false, url);
  }
  assert.deepEqual(opened, ['https://example.org/artist']);
});

test('a failing browser hand-off is logged, not thrown into Electron', async () => {
  const activation = createUserActivation();
  const warnings: unknown[] = [];
  const warn = console.warn;
  console.warn = (...parts: unknown[]) => warnings.push(parts[0]);
  try {
    const open = createExternalLinkOpener(() => Promise.reject(new Error('no browser')), activation);
    activation.noteInput('mouseUp');
    assert.equal(open('https://example.org/'), true);
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(warnings, ['busker: could not open link']);
});
