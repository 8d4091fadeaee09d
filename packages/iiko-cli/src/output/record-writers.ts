/**
 * Writers for `dump --format`: records arrive in batches (a list, or one invoice window after another)
 * and each batch is written before the next is read — except for `table`, which needs every row to size
 * its columns.
 */
import { CLI_DEFAULTS } from '../constants';
import { line, write, type CliOutput } from '../io';
import { formatTable } from './table';

/** The formats of `dump --format`. */
export const DUMP_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;

/** One of {@link DUMP_FORMATS}. */
export type DumpFormat = (typeof DUMP_FORMATS)[number];

/** Takes records batch by batch; `end` finishes the output. */
export interface RecordWriter {
  write(records: readonly unknown[]): Promise<void>;
  end(): Promise<void>;
}

/** A writer of `format` on `out`; `warn` receives notes for standard error. */
export function recordWriter(format: DumpFormat, out: CliOutput, warn: (text: string) => void): RecordWriter {
  switch (format) {
    case 'json':
      return jsonWriter(out);
    case 'ndjson':
      return {
        async write(records) {
          for (const record of records) await line(out, JSON.stringify(record));
        },
        async end() {},
      };
    case 'csv':
      return csvWriter(out, warn);
    case 'table':
      return tableWriter(out);
  }
}

/** A JSON array, written element by element: valid JSON only once `end` has run. */
function jsonWriter(out: CliOutput): RecordWriter {
  let first = true;
  return {
    async write(records) {
      for (const record of records) {
        await write(out, `${first ? '[\n' : ',\n'}${JSON.stringify(record)}`);
        first = false;
      }
    },
    async end() {
      await write(out, first ? '[]\n' : '\n]\n');
    },
  };
}

/** Records the CSV writer looks at before it fixes its columns. */
const CSV_HEADER_SAMPLE = 100;

/**
 * RFC 4180 CSV with a header row. The columns are the top-level fields of the first 100 records (every
 * field a record of the kind carries, in practice); nested values (contact info, metadata, invoice lines)
 * are written as JSON text in their cell. A field first seen after the header was written cannot join
 * it: it is reported once, and `--format ndjson` keeps everything.
 */
function csvWriter(out: CliOutput, warn: (text: string) => void): RecordWriter {
  let columns: string[] | undefined;
  let sample: Record<string, unknown>[] = [];
  const reported = new Set<string>();
  const rows = async (records: readonly Record<string, unknown>[], header: readonly string[]): Promise<void> => {
    for (const object of records) {
      for (const key of Object.keys(object)) {
        if (!header.includes(key) && !reported.has(key)) {
          reported.add(key);
          warn(`csv: field "${key}" first appears after the header was written and is left out; --format ndjson keeps every field`);
        }
      }
      await write(out, `${header.map((column) => csvCell(object[column])).join(',')}\r\n`);
    }
  };
  const fixColumns = async (): Promise<string[]> => {
    const header = [...new Set(sample.flatMap((record) => Object.keys(record)))];
    columns = header;
    if (header.length > 0) await write(out, `${header.map(csvCell).join(',')}\r\n`);
    const waiting = sample;
    sample = [];
    await rows(waiting, header);
    return header;
  };
  return {
    async write(records) {
      if (columns !== undefined) return rows(records.map(asObject), columns);
      sample.push(...records.map(asObject));
      if (sample.length >= CSV_HEADER_SAMPLE) await fixColumns();
    },
    async end() {
      if (columns === undefined) await fixColumns();
    },
  };
}

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A table for a person: top-level fields as columns, nested values summarised, long cells cut. */
function tableWriter(out: CliOutput): RecordWriter {
  const rows: Record<string, unknown>[] = [];
  return {
    async write(records) {
      for (const record of records) rows.push(asObject(record));
    },
    async end() {
      if (rows.length === 0) {
        await line(out, '(no records)');
        return;
      }
      const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
      const cells = rows.map((row) => columns.map((column) => tableCell(row[column])));
      for (const text of formatTable(columns, cells, { rightAligned: [] })) await line(out, text);
      await line(out, `${rows.length} records`);
    },
  };
}

function tableCell(value: unknown): string {
  let text: string;
  if (value === undefined || value === null) text = '';
  else if (Array.isArray(value)) text = `[${value.length}]`;
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  text = text.replace(/\s+/g, ' ');
  const chars = [...text];
  return chars.length > CLI_DEFAULTS.tableCellWidth ? `${chars.slice(0, CLI_DEFAULTS.tableCellWidth - 1).join('')}…` : text;
}

function asObject(record: unknown): Record<string, unknown> {
  return typeof record === 'object' && record !== null ? (record as Record<string, unknown>) : { value: record };
}
