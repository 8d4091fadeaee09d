import { type FakeReply, textReply } from '../reply';

const INTEGER = /^-?\d+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `revisionFrom` is optional (default -1, "everything") and must be an integer; the fake ignores its value
 * because the XML lists carry no revision anyway.
 */
export function checkRevisionFrom(url: URL): FakeReply | undefined {
  const value = url.searchParams.get('revisionFrom');
  if (value === null || INTEGER.test(value)) return undefined;
  return textReply(400, `For input string: "${value}"`);
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
