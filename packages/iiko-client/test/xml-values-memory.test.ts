/**
 * Values are copies, not views of the body: V8 keeps a substring of 13 or more characters as a view of
 * its whole source string, so a caller keeping one id per invoice would otherwise keep every 64 KiB piece
 * of the body alive. Measured on the heap after a full collection, with the body's pieces dropped.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { XmlListReader, type XmlListShape } from '../src/internal/xml-tree';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const SHAPE: XmlListShape = { itemElement: 'document', arrayElements: new Set(['document']) };
const PIECES = 300;

/** One piece of about 64 KiB of Cyrillic XML (two bytes a character in V8): a few documents. */
function piece(index: number): string {
  const comment = `Недовоз ${index} кг &amp; бой 1 шт; `.repeat(1_000);
  let xml = index === 0 ? '<incomingInvoiceDtoes>' : '';
  for (let n = 0; n < 2; n += 1) xml += `<document><id>${crypto.randomUUID()}</id><comment>${comment}</comment></document>`;
  return xml;
}

const heapUsed = (): number => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

describe('values read from XML', () => {
  it('hold no view of the body: keeping one id per record keeps the ids, not the pieces they were cut from', () => {
    const ids: string[] = [];
    const before = heapUsed();
    let bodyChars = 0;
    {
      const reader = new XmlListReader(SHAPE, (record) => void ids.push(record.id as string));
      for (let index = 0; index < PIECES; index += 1) {
        const text = piece(index);
        bodyChars += text.length;
        reader.write(text);
      }
      reader.write('</incomingInvoiceDtoes>');
      reader.close();
    }
    const kept = heapUsed() - before;

    expect(ids).toHaveLength(PIECES * 2);
    expect(new Set(ids).size).toBe(PIECES * 2);
    // The body was about 2 × bodyChars bytes; the ids are 600 × 36 characters.
    expect(bodyChars * 2).toBeGreaterThan(30 * 1024 * 1024);
    expect(kept).toBeLessThan(4 * 1024 * 1024);
  });
});
