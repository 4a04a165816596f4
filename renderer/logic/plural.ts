/** A count in the user's locale and the word that fits it: "1 song", "1,234 songs". */
export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}
