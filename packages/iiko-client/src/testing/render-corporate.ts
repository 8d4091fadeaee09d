import { XML_DECLARATION } from './constants';
import type { FakeCorporateItem } from './data-types';
import { pushElement } from './xml';

/**
 * Writes `<corporateItemDtoes>` as `/resto/api/corporation/departments` and `/stores` answer it: elements in
 * the XSD's order (`id, parentId, code, name, type`) plus `taxpayerIdNumber`, and an empty root
 * (`<corporateItemDtoes/>`) for no items.
 */
export function renderCorporateItems(items: readonly FakeCorporateItem[]): string {
  if (items.length === 0) return `${XML_DECLARATION}<corporateItemDtoes/>`;
  const out: string[] = [XML_DECLARATION, '<corporateItemDtoes>'];
  for (const item of items) {
    out.push('<corporateItemDto>');
    pushElement(out, 'id', item.id);
    pushElement(out, 'parentId', item.parentId);
    pushElement(out, 'code', item.code);
    pushElement(out, 'name', item.name);
    pushElement(out, 'type', item.type);
    pushElement(out, 'taxpayerIdNumber', item.taxpayerIdNumber);
    pushElement(out, 'deleted', item.deleted);
    out.push('</corporateItemDto>');
  }
  out.push('</corporateItemDtoes>');
  return out.join('');
}
