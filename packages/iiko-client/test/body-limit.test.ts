/**
 * `maxBodyBytes` per client, against the fake iikoServer over real HTTP: a client with a small bound
 * refuses a larger export (array and stream alike) with `IikoInputLimitError`, another client of the same
 * process keeps the default, and a bound that is not a whole positive number is refused up front.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, IikoArgumentError, IikoClient, IikoInputLimitError } from '@getinn/iiko-client';
import { startFakeIikoServer, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';

let fake: RunningFakeIikoServer;
const clients: IikoClient[] = [];
beforeAll(async () => {
  fake = await startFakeIikoServer({ dataset: { invoices: 40, linesPerInvoice: 5, from: '2026-10-01', to: '2026-10-07' } });
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await fake?.close();
});
const client = (maxBodyBytes?: number): IikoClient => {
  const iiko = new IikoClient({ baseUrl: fake.url, login: fake.server.login, password: fake.server.password, ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }) });
  clients.push(iiko);
  return iiko;
};
const WEEK = { from: '2026-10-01', to: '2026-10-07' };

describe('maxBodyBytes', () => {
  it('refuses an export larger than the client’s bound, in the array and the streaming read', async () => {
    const small = client(4_096);
    await expect(small.incomingInvoices(WEEK)).rejects.toBeInstanceOf(IikoInputLimitError);
    const stream = async (): Promise<number> => {
      let count = 0;
      for await (const _invoice of small.streamIncomingInvoices(WEEK)) count += 1;
      return count;
    };
    await expect(stream()).rejects.toBeInstanceOf(IikoInputLimitError);
    // The same process, another client: the default bound.
    expect((await client().incomingInvoices(WEEK)).length).toBe(40);
    expect(fake.server.activeSessions()).toBeLessThanOrEqual(2);
  });

  it('reads what fits, and is the shared default unless given', async () => {
    expect(DEFAULTS.maxBodyBytes).toBe(268_435_456);
    expect((await client(64 * 1024 * 1024).incomingInvoices(WEEK)).length).toBe(40);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses maxBodyBytes %s when the client is made', (value) => {
    expect(() => client(value)).toThrow(IikoArgumentError);
  });
});
