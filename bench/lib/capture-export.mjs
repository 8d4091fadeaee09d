/**
 * One incoming-invoice export captured from the fake iikoServer into a file, so that the benches read
 * the same bytes in every round and no XML is built while a reader is measured.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { startFakeIikoServer } from '@getinn/iiko-client/testing';

/** Writes the export of `documents` invoices × `linesPerInvoice` lines dated `from`–`to` to `file`; returns its size in bytes. */
export async function captureExport(file, { documents, linesPerInvoice, from, to }) {
  const fake = await startFakeIikoServer({ licenceSlots: 10, dataset: { invoices: documents, linesPerInvoice, from, to } });
  try {
    const pass = createHash('sha1').update(fake.server.password, 'utf8').digest('hex');
    const key = (await (await fetch(`${fake.url}/resto/api/auth?login=${encodeURIComponent(fake.server.login)}&pass=${pass}`)).text()).trim();
    const body = Buffer.from(await (await fetch(`${fake.url}/resto/api/documents/export/incomingInvoice?from=${from}&to=${to}&key=${key}`)).arrayBuffer());
    await (await fetch(`${fake.url}/resto/api/logout?key=${key}`)).arrayBuffer();
    writeFileSync(file, body);
    return body.length;
  } finally {
    await fake.close();
  }
}
