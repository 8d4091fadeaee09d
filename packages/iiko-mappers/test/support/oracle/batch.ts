/**
 * ORACLE — the big.js implementation of `src/batch.ts` as it was before the mappers moved to native
 * `BigInt` fixed point, kept unchanged (only its imports point into `src/`) so that
 * `fixed-point.properties.test.ts` can hold the current code to the same outputs, byte for byte.
 * Test-only: never imported by `src/`.
 */
/**
 * The loop every mapper shares: one input record at a time, each with its own issues, so one bad record
 * never spoils the batch. Internal.
 */
import { MappingConfigurationError } from '../../../src/errors';
import { RecordIssues, type IssueEntity, type MappingIssue, type MappingResult } from '../../../src/issues';
import { isRecord, presentText } from './text';

/**
 * Maps one record. Returns the record, or `undefined` to leave it out — silently when it is simply not of
 * the kind mapped (a `JURPERSON` among departments), or after reporting an `error` into `issues`.
 */
export type MapOne<Out> = (
  record: Readonly<Record<string, unknown>>,
  id: string | undefined,
  issues: RecordIssues,
) => Out | undefined;

/**
 * Runs `mapOne` over `input` in order. Entries that are not objects and records that throw while being
 * read (a getter, a proxy) become `INVALID_RECORD` errors; nothing escapes as an exception except a
 * non-array `input`, which is a caller's mistake.
 *
 * @param argument - the parameter's name, for the configuration error
 */
export function mapBatch<Out>(
  input: unknown,
  argument: string,
  entity: IssueEntity,
  mapOne: MapOne<Out>,
): MappingResult<Out> {
  if (!Array.isArray(input)) {
    throw new MappingConfigurationError(argument, `${argument} must be an array of iiko objects`);
  }
  const items: Out[] = [];
  const issues: MappingIssue[] = [];
  for (let index = 0; index < input.length; index += 1) {
    const record: unknown = input[index];
    if (!isRecord(record)) {
      new RecordIssues(issues, entity, null, index).error(
        'INVALID_RECORD',
        [],
        `entry ${index} is ${record === null ? 'null' : typeof record}, not an iiko object`,
      );
      continue;
    }
    let recordIssues = new RecordIssues(issues, entity, null, index);
    try {
      const id = presentText(record.id);
      if (id !== undefined) recordIssues = new RecordIssues(issues, entity, id, index);
      const mapped = mapOne(record, id, recordIssues);
      if (mapped !== undefined && !recordIssues.hasError) items.push(mapped);
    } catch (error) {
      recordIssues.error(
        'INVALID_RECORD',
        [],
        `could not be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { items, issues };
}

/** Reports `MISSING_ID` — a record without an id has nothing to be upserted by — and leaves it out. */
export function missingId(issues: RecordIssues, what: string): undefined {
  issues.error('MISSING_ID', ['id'], `${what} has no id: there is nothing to match it by`);
  return undefined;
}

/**
 * The record's name; without one, its code or else its id, with a `MISSING_NAME` warning — the platform
 * requires a name and a visible placeholder is better than dropping the record.
 */
export function nameOrFallback(
  record: Readonly<Record<string, unknown>>,
  id: string,
  issues: RecordIssues,
  what: string,
): string {
  const name = presentText(record.name);
  if (name !== undefined) return name;
  const code = presentText(record.code);
  issues.warning(
    'MISSING_NAME',
    ['name'],
    `${what} has no name; named by its ${code === undefined ? 'id' : `code "${code}"`} instead`,
  );
  return code ?? id;
}
