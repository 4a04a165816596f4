/**
 * The bounds `[lower, upper)` of every path under a folder (an absolute path ending in a
 * separator): a range over a unique path index, the upper bound bumping the separator by one.
 */
export function pathRangeUnder(folderWithSeparator: string): [lower: string, upper: string] {
  const last = folderWithSeparator.charCodeAt(folderWithSeparator.length - 1);
  return [folderWithSeparator, folderWithSeparator.slice(0, -1) + String.fromCharCode(last + 1)];
}
