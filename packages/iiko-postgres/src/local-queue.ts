/**
 * A first-come-first-served turn per key within one gate object: only the caller at the head of a key's
 * queue waits in PostgreSQL, so waiting callers of one process cost one connection per server, not one
 * each.
 *
 * @internal
 */

/** A turn at the head of a key's queue; `release` hands it to the next caller (once; later calls do nothing). */
export interface Turn {
  release(): void;
}

interface Door {
  held: boolean;
  readonly waiters: { grant(): void }[];
}

/** Queues per key. */
export class LocalQueues {
  readonly #doors = new Map<string, Door>();

  /** Waits for the key's turn; rejects with the signal's reason if it aborts first. */
  take(key: string, signal: AbortSignal | undefined): Promise<Turn> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let door = this.#doors.get(key);
    if (door === undefined) {
      door = { held: false, waiters: [] };
      this.#doors.set(key, door);
    }
    const queue = door;
    if (!queue.held) {
      queue.held = true;
      return Promise.resolve(this.#turnOf(key, queue));
    }
    return new Promise<Turn>((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.#turnOf(key, queue));
        },
      };
      const onAbort = (): void => {
        const index = queue.waiters.indexOf(waiter);
        if (index >= 0) queue.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      queue.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #turnOf(key: string, door: Door): Turn {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const next = door.waiters.shift();
        if (next !== undefined) {
          next.grant();
        } else {
          door.held = false;
          this.#doors.delete(key);
        }
      },
    };
  }
}
