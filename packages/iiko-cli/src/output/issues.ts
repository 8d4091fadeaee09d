/** Issues counted by severity and code, with one example each: what a person reads first. */

/** The fields of a mapping or sync issue the summary needs. */
export interface IssueLike {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly entity: string;
  readonly externalId: string | null;
  readonly message: string;
}

/** One group of issues: `error STORE_WITHOUT_RESTAURANT`, how many, and the first one's text. */
export interface IssueGroup {
  readonly key: string;
  readonly count: number;
  readonly example: string;
}

/** Groups issues by severity and code, in the order they were first met. */
export function groupIssues(issues: Iterable<IssueLike>): IssueGroup[] {
  const groups = new Map<string, { count: number; example: string }>();
  for (const issue of issues) {
    const key = `${issue.severity} ${issue.code}`;
    const seen = groups.get(key);
    if (seen) seen.count += 1;
    else groups.set(key, { count: 1, example: `${issue.entity} ${issue.externalId ?? '?'}: ${issue.message}` });
  }
  return [...groups].map(([key, { count, example }]) => ({ key, count, example }));
}

/** The lines printed for grouped issues (empty when there are none). */
export function formatIssueGroups(issues: Iterable<IssueLike>): string[] {
  const groups = groupIssues(issues);
  if (groups.length === 0) return [];
  return [
    'issues by code (error: record left out; warning: stored with a fallback)',
    ...groups.map(({ key, count, example }) => `  ${String(count).padStart(4)} × ${key} — e.g. ${example}`),
  ];
}
