import { processRegistry } from './internal/global-registry';
import type { GatePass, ServerGate } from './server-gate';

/** One server's door in this process: whether a pass is out, and who waits for one, in arrival order. */
interface ProcessDoor {
  held: boolean;
  readonly waiters: Waiter[];
}

interface Waiter {
  grant(pass: GatePass): void;
}

/**
 * Kept on `globalThis` (see `processRegistry`), so every gate made by {@link createProcessServerGate} —
 * and every installed copy of this package — shares one door per server.
 */
const doors = processRegistry<ProcessDoor>('server-gates');

/**
 * The default {@link ServerGate}: one strictly serial, first-come-first-served queue per iikoServer in
 * this process. iikoServer wants the next request only after the previous one was answered (vendor docs,
 * "Ограничения и рекомендации"), so every client object for the same server in the process — whatever
 * login it uses — waits here for its turn.
 *
 * Every gate this function returns shares the same queues: two of them never let two requests to one
 * server through at once. The guarantee stops at the process: hosts that run several processes against
 * one server use a shared gate instead (`createPostgresServerGate` of `@getinn/iiko-postgres`).
 *
 * A waiter whose signal aborts leaves the queue at once; the acquire rejects with the signal's reason.
 *
 * @example
 * ```ts
 * const gate = createProcessServerGate();
 * const pass = await gate.acquire('https://chain.iiko.it', { signal: AbortSignal.timeout(5_000) });
 * try {
 *   // …the one request in flight to that server…
 * } finally {
 *   await pass.release();
 * }
 * ```
 */
export function createProcessServerGate(): ServerGate {
  return {
    acquire(serverKey, options = {}) {
      const { signal } = options;
      let door = doors.get(serverKey);
      if (door === undefined) {
        door = { held: false, waiters: [] };
        doors.set(serverKey, door);
      }
      const queue = door;
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (!queue.held) {
        queue.held = true;
        return Promise.resolve(passOf(queue));
      }
      return new Promise<GatePass>((resolve, reject) => {
        const onAbort = (): void => {
          const index = queue.waiters.indexOf(waiter);
          if (index >= 0) queue.waiters.splice(index, 1);
          reject(signal?.reason);
        };
        const waiter: Waiter = {
          grant(pass) {
            signal?.removeEventListener('abort', onAbort);
            resolve(pass);
          },
        };
        queue.waiters.push(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

/** A pass that hands the door to the next waiter (or opens it) on its first release only. */
function passOf(door: ProcessDoor): GatePass {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      const next = door.waiters.shift();
      if (next === undefined) door.held = false;
      else next.grant(passOf(door));
    },
  };
}
