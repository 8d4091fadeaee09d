/**
 * Streams a list of chunks one after another, the next one's request sent ahead: once the current chunk's
 * body has been read to its end, the caller calls `sendAhead()` and the next chunk's request goes out
 * while the current chunk's last batch is still being mapped and written, so the server builds that
 * export in the meantime. iikoServer builds an invoice export before it sends a byte (seconds for a busy
 * week), which a strictly sequential sync spends idle. The wire stays serial — a request goes out only
 * once the body before it has been read — so the client's queue and the licence rules are untouched.
 * Internal.
 */
export class ChunkStreams<T> {
  readonly #chunks: readonly { from: string; to: string }[];
  readonly #open: (chunk: { from: string; to: string }, signal: AbortSignal) => AsyncIterator<T>;
  readonly #signal: AbortSignal | undefined;
  #next = 0;
  #ahead: Opened<T> | undefined;

  /**
   * @param chunks - the windows, in the order they are taken
   * @param signal - the run's signal: aborting it aborts the stream in flight too
   * @param open - streams one chunk; gets a signal that also fires when the streams are cancelled
   */
  constructor(
    chunks: readonly { from: string; to: string }[],
    signal: AbortSignal | undefined,
    open: (chunk: { from: string; to: string }, signal: AbortSignal) => AsyncIterator<T>,
  ) {
    this.#chunks = chunks;
    this.#signal = signal;
    this.#open = open;
  }

  /** The next chunk's records, from the request sent ahead when there is one. */
  async *take(): AsyncGenerator<T, void, undefined> {
    const opened = this.#ahead ?? this.#start();
    this.#ahead = undefined;
    const { iterator } = opened;
    let first = opened.first;
    try {
      for (;;) {
        const result = await (first ?? iterator.next());
        first = undefined;
        if (result.done === true) return;
        yield result.value;
      }
    } finally {
      // Left early (a failed write, an abort): the body is cancelled and the queue freed before the loop
      // that took the records goes on.
      await iterator.return?.();
    }
  }

  /**
   * Sends the next chunk's request now, when there is a next chunk and none was sent: call it once the
   * current chunk's records have all been taken. Resolves once the request has had its turn of the event
   * loop to go out: the caller's next step is CPU-bound (mapping a batch), and a request still waiting for
   * its turn behind that work would reach the server only after it — the server's build time then hides
   * nothing.
   */
  async sendAhead(): Promise<void> {
    if (this.#ahead === undefined && this.#next < this.#chunks.length) {
      const opened = this.#start();
      // Asking for the first record sends the request; the answer is taken (or cancelled) later, and is
      // never an unhandled rejection in between.
      opened.first = opened.iterator.next();
      opened.first.catch(() => undefined);
      this.#ahead = opened;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Aborts a stream sent ahead and not taken, and waits until it has ended (its error is not wanted). */
  async cancel(): Promise<void> {
    const ahead = this.#ahead;
    this.#ahead = undefined;
    if (ahead === undefined) return;
    ahead.controller.abort();
    await ahead.first?.catch(() => undefined);
    await ahead.iterator.return?.()?.catch(() => undefined);
  }

  #start(): Opened<T> {
    const chunk = this.#chunks[this.#next];
    if (chunk === undefined) throw new RangeError('no chunk left to read');
    this.#next += 1;
    const controller = new AbortController();
    const signal = this.#signal === undefined ? controller.signal : AbortSignal.any([this.#signal, controller.signal]);
    return { iterator: this.#open(chunk, signal), controller, first: undefined };
  }
}

/** A chunk's stream: its iterator, what cancels it, and its first result when asked for ahead. */
interface Opened<T> {
  iterator: AsyncIterator<T>;
  controller: AbortController;
  first: Promise<IteratorResult<T>> | undefined;
}
