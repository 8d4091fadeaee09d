/** Vendor samples (see `testdata/iiko-samples/README.md` at the repository root), read as text. */
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../../../testdata/iiko-samples/', import.meta.url);

export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

export const SAMPLES = {
  invoices2Docs: 'server_incomingInvoice-export_2docs_official-doc.xml',
  invoiceByNumber: 'server_incomingInvoice-export-byNumber_official-doc.xml',
  departments: 'server_corporation-departments_illustrative_sales_forecast-guide.xml',
  employeeFragment: 'server_suppliers_employee-fragment_iiko-data-sync.xml',
  errorBodies: 'server_error-bodies_text-plain_official-doc.txt',
  authToken: 'server_auth-token-response_official-doc.txt',
} as const;

/** The error-body sample as `{ status, body }` pairs (comment lines start with `#`). */
export function errorBodySamples(): Array<{ status: number; body: string }> {
  const result: Array<{ status: number; body: string }> = [];
  let status = 0;
  for (const line of fixture(SAMPLES.errorBodies).split('\n')) {
    const heading = /^# HTTP (\d{3})/.exec(line);
    if (heading) status = Number(heading[1]);
    else if (line.trim() !== '' && !line.startsWith('#') && status !== 0) result.push({ status, body: line.trim() });
  }
  return result;
}
