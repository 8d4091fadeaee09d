import { type FakeReply, xmlReply } from '../reply';
import { renderCorporateItems } from '../render-corporate';
import type { EndpointContext } from './context';
import { checkRevisionFrom } from './validate';

/** `GET /resto/api/corporation/departments`: the WHOLE corporate tree, every node type. */
export function departments({ url, state }: EndpointContext): FakeReply {
  return checkRevisionFrom(url) ?? xmlReply(renderCorporateItems(state.data.corporateItems));
}

/**
 * `GET /resto/api/corporation/stores`: the `STORE` nodes only, wherever they hang (a store directly under a
 * JURPERSON comes back too — the mappers must report it rather than guess a restaurant).
 */
export function stores({ url, state }: EndpointContext): FakeReply {
  return (
    checkRevisionFrom(url) ??
    xmlReply(renderCorporateItems(state.data.corporateItems.filter((item) => item.type === 'STORE')))
  );
}
