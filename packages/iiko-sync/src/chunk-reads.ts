/**
 * Reads a list of chunks one ahead: while the caller maps and writes chunk N, the request for chunk N+1 is
 * already out, so the server builds that export in the meantime. iikoServer builds an invoice export
 * before it sends a byte (seconds for a busy week), which a strictly sequential sync spends idle. The wire
 * stays serial — a read starts only when the one before it has answered — so the client's queue and the
 * licence rules are untouched. Internal.
 */
export class ChunkReads<T> {
  readonly #chunks: readonly { from: string; to: string }[];
  readonly #read: (chunk: { from: string; to: string }, signal: AbortSignal) => Promise<T>;
  readonly #signal: AbortSignal | undefined;
  #next = 0;
  #ahead: { promise: Promise<T>; controller: AbortController } | undefined;

  /**
   * @param chunks - the windows, in the order they are taken
   * @param signal - the run's signal: aborting it aborts the read in flight too
   * @param read - reads one chunk; gets a signal that also fires when the reads are cancelled
   */
  constructor(
    chunks: readonly { from: string; to: string }[],
    signal: AbortSignal | undefined,
    read: (chunk: { from: string; to: string }, signal: AbortSignal) => Promise<T>,
  ) {
    this.#chunks = chunks;
    this.#signal = signal;
    this.#read = read;
  }

  /** The next chunk's answer; sends the request for the one after it as soon as this one has answered. */
  async take(): Promise<T> {
    const current = this.#ahead ?? this.#start();
    this.#ahead = undefined;
    const answer = await current.promise;
    if (this.#next < this.#chunks.length) this.#ahead = this.#start();
    return answer;
  }

  /** Aborts a read sent ahead and not taken, and waits until it has settled (its error is not wanted). */
  async cancel(): Promise<void> {
    const ahead = this.#ahead;
    this.#ahead = undefined;
    if (ahead === undefined) return;
    ahead.controller.abort();
    await ahead.promise.catch(() => undefined);
  }

  #start(): { promise: Promise<T>; controller: AbortController } {
    const chunk = this.#chunks[this.#next];
    if (chunk === undefined) throw new RangeError('no chunk left to read');
    this.#next += 1;
    const controller = new AbortController();
    const signal = this.#signal === undefined ? controller.signal : AbortSignal.any([this.#signal, controller.signal]);
    const promise = Promise.resolve().then(() => this.#read(chunk, signal));
    // Taken later, or cancelled: never an unhandled rejection in between.
    promise.catch(() => undefined);
    return { promise, controller };
  }
}
