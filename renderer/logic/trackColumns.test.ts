import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trackColumns, trackColumnTemplate, visibleTrackColumns } from './trackColumns';

const everyColumn = trackColumns.map(({ column }) => column);
const fits = (width: number) =>
  trackColumns.filter(({ minimumWidth }) => (minimumWidth ?? 0) <= width).map(({ column }) => column);

for (const width of [800, 1000, 1280]) {
  test(`at ${width} px the list shows the columns whose minimum fits, in the table's order`, () => {
    const shown = visibleTrackColumns(width);
    assert.deepEqual(shown, fits(width));
    assert.ok(shown.includes('title') && shown.includes('artist'), `Title and Artist stay: ${shown.join()}`);
    // What the grid gets as aria-colcount: one less for every minimum above this width.
    const leftOut = trackColumns.filter(({ minimumWidth }) => (minimumWidth ?? 0) > width).length;
    assert.equal(shown.length, trackColumns.length - leftOut);
  });
}

test('a 1280 px list shows every column, history included', () => {
  assert.deepEqual(visibleTrackColumns(1280), everyColumn);
  assert.ok(everyColumn.includes('plays') && everyColumn.includes('lastPlayed'));
});

test('each column with a minimum shows at exactly that width and not one pixel narrower', () => {
  for (const { column, minimumWidth } of trackColumns) {
    if (minimumWidth === undefined) continue;
    assert.ok(visibleTrackColumns(minimumWidth).includes(column), `${column} at ${minimumWidth}`);
    assert.ok(!visibleTrackColumns(minimumWidth - 1).includes(column), `${column} at ${minimumWidth - 1}`);
  }
});

test('narrowing only ever leaves columns out; Title and Artist stay at any width', () => {
  let wider = visibleTrackColumns(2000);
  for (let width = 1999; width >= 1; width -= 1) {
    const shown = visibleTrackColumns(width);
    assert.ok(
      shown.every((column) => wider.includes(column)),
      `${width} px adds a column: ${shown.join()}`,
    );
    assert.ok(shown.includes('title') && shown.includes('artist'), `${width} px: ${shown.join()}`);
    wider = shown;
  }
  assert.ok(visibleTrackColumns(1).length < trackColumns.length, 'a narrow list leaves some out');
});

test('an unmeasured list (width 0) shows every column rather than none', () => {
  assert.deepEqual(visibleTrackColumns(0), everyColumn);
});

test('the grid template has one track per column shown, in its order', () => {
  const shown = visibleTrackColumns(800);
  assert.equal(
    trackColumnTemplate(shown),
    shown.map((column) => trackColumns.find((spec) => spec.column === column)?.size).join(' '),
  );
  assert.notEqual(trackColumnTemplate(shown), trackColumnTemplate([...shown].reverse()));
});
