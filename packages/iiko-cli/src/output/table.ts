/**
 * A plain-text table: left-aligned text columns, right-aligned number columns, a rule under the header
 * and, optionally, one above a closing totals row.
 */

/** How {@link formatTable} lays out a table. */
export interface TableOptions {
  /**
   * Columns whose cells are right-aligned (numbers).
   * @default every column whose cells are all numbers
   */
  readonly rightAligned?: readonly number[];
  /**
   * Sets the last row apart as a totals row, with a rule above it.
   * @default false
   */
  readonly totalsRow?: boolean;
}

/** The table's lines, without trailing newlines. */
export function formatTable(header: readonly string[], rows: readonly (readonly (string | number)[])[], options: TableOptions = {}): string[] {
  const cells = [header, ...rows].map((row) => header.map((_, column) => String(row[column] ?? '')));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => width(row[column]!))));
  const right = new Set(
    options.rightAligned ?? header.map((_, column) => column).filter((column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number')),
  );
  const format = (row: string[]): string =>
    row
      .map((cell, column) => (right.has(column) ? pad(cell, widths[column]!, 'start') : pad(cell, widths[column]!, 'end')))
      .join('  ')
      .trimEnd();
  const rule = widths.map((size) => '─'.repeat(size)).join('  ');
  const body = cells.slice(1).map(format);
  if (options.totalsRow === true && body.length > 0) body.splice(body.length - 1, 0, rule);
  return [format(cells[0]!), rule, ...body];
}

/** Display width: code points, so Cyrillic names line up. */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number, side: 'start' | 'end'): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return side === 'start' ? fill + text : text + fill;
}
