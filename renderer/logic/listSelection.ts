/** Multi-selection in a list of `total` rows: a set of indexes, the focused row and the anchor. */
export interface ListSelection {
  selected: ReadonlySet<number>;
  /** The row with keyboard focus, -1 before any. */
  focus: number;
  /** Where a Shift range starts. */
  anchor: number;
}

export const emptySelection: ListSelection = { selected: new Set(), focus: -1, anchor: -1 };

export interface SelectModifiers {
  /** Shift: select the range from the anchor. */
  range: boolean;
  /** Ctrl or Cmd: toggle this row, keep the others. */
  toggle: boolean;
}

function rangeOf(from: number, to: number): Set<number> {
  const set = new Set<number>();
  for (let index = Math.min(from, to); index <= Math.max(from, to); index++) set.add(index);
  return set;
}

/** A click (or a keyboard move to `index`) with these modifiers. */
export function selectAt(selection: ListSelection, index: number, modifiers: SelectModifiers): ListSelection {
  if (modifiers.range && selection.anchor >= 0) {
    return { selected: rangeOf(selection.anchor, index), focus: index, anchor: selection.anchor };
  }
  if (modifiers.toggle) {
    const selected = new Set(selection.selected);
    if (selected.has(index)) selected.delete(index);
    else selected.add(index);
    return { selected, focus: index, anchor: index };
  }
  return { selected: new Set([index]), focus: index, anchor: index };
}

export function selectAll(total: number, selection: ListSelection): ListSelection {
  return { ...selection, selected: total > 0 ? rangeOf(0, total - 1) : new Set() };
}

/** The selected indexes in list order. */
export function selectedIndexes(selection: ListSelection): number[] {
  return [...selection.selected].sort((a, b) => a - b);
}
