import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptySelection, selectAll, selectAt, selectedIndexes } from './listSelection';

const plain = { range: false, toggle: false };

test('a click selects one row; Ctrl toggles rows in and out; Shift selects from the anchor', () => {
  let selection = selectAt(emptySelection, 2, plain);
  assert.deepEqual(selectedIndexes(selection), [2]);
  selection = selectAt(selection, 5, { range: false, toggle: true });
  assert.deepEqual(selectedIndexes(selection), [2, 5]);
  selection = selectAt(selection, 2, { range: false, toggle: true });
  assert.deepEqual(selectedIndexes(selection), [5]);
  selection = selectAt(selection, 5, plain);
  selection = selectAt(selection, 1, { range: true, toggle: false });
  assert.deepEqual(selectedIndexes(selection), [1, 2, 3, 4, 5]);
  assert.equal(selection.anchor, 5);
  selection = selectAt(selection, 7, { range: true, toggle: false });
  assert.deepEqual(selectedIndexes(selection), [5, 6, 7], 'a new range from the same anchor');
});

test('Shift without an anchor selects one row; select all covers every row, none for an empty list', () => {
  assert.deepEqual(selectedIndexes(selectAt(emptySelection, 3, { range: true, toggle: false })), [3]);
  assert.deepEqual(selectedIndexes(selectAll(4, emptySelection)), [0, 1, 2, 3]);
  assert.deepEqual(selectedIndexes(selectAll(0, emptySelection)), []);
});
