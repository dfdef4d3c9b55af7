/** A count with its noun in the right number: `1 document`, `2 documents`, `0 documents`. */
export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
