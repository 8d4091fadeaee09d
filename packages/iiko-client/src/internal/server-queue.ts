import pLimit, { type LimitFunction } from 'p-limit';
import { processRegistry } from './global-registry';

const queues = processRegistry<LimitFunction>('server-queues');

/**
 * The strictly serial queue of one iikoServer. The vendor requires that the next request is sent only
 * after the previous one was answered ("Ограничения и рекомендации"), so every client object for the
 * same server in this process — whatever login it uses — runs its requests through this one queue.
 */
export function serverQueue(serverKey: string): LimitFunction {
  let queue = queues.get(serverKey);
  if (!queue) {
    queue = pLimit(1);
    queues.set(serverKey, queue);
  }
  return queue;
}

/** The identity of a server for queueing and sessions: origin plus path, lower-cased, without a trailing slash. */
export function serverKeyOf(baseUrl: URL): string {
  return `${baseUrl.origin}${baseUrl.pathname.replace(/\/+$/, '')}`.toLowerCase();
}
