import { type FakeReply, bodyText } from './reply';

/** Statuses whose responses must not carry a body (the `Response` constructor rejects one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** Streamed bodies are handed over in chunks of about this many characters. */
const STREAM_CHUNK_CHARS = 64 * 1024;

/**
 * Turns a reply into a fetch `Response` for `handle()` and the msw handlers: a reset becomes
 * `Response.error()` (msw then makes `fetch` reject), a truncation a body stream that errors after the
 * first bytes, and a large XML body a stream built chunk by chunk.
 */
export function toResponse(reply: FakeReply, onBytes: (bytes: number) => void = () => {}): Response {
  if (reply.network?.kind === 'reset') return Response.error();
  const init: ResponseInit = { status: reply.status, headers: reply.headers };
  if (NULL_BODY_STATUSES.has(reply.status)) return new Response(null, init);
  if (reply.network?.kind === 'truncate' && reply.network.endsCleanly === true) {
    const full = new TextEncoder().encode(bodyText(reply));
    const cut = full.subarray(0, Math.min(full.length, reply.network.bytes ?? Math.floor(full.length / 2)));
    onBytes(cut.byteLength);
    return new Response(cut, init);
  }
  if (reply.network?.kind === 'truncate') return new Response(truncatedStream(reply, reply.network.bytes, onBytes), init);
  if (typeof reply.body === 'string') {
    const body = new TextEncoder().encode(reply.body);
    onBytes(body.byteLength);
    return new Response(body, init);
  }
  return new Response(chunkStream(reply.body(), onBytes), init);
}

function truncatedStream(
  reply: FakeReply,
  bytes: number | undefined,
  onBytes: (bytes: number) => void,
): ReadableStream<Uint8Array> {
  const full = new TextEncoder().encode(bodyText(reply));
  const cut = full.subarray(0, Math.min(full.length, bytes ?? Math.floor(full.length / 2)));
  onBytes(cut.byteLength);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (cut.length > 0) controller.enqueue(cut);
    },
    pull(controller) {
      // Error a moment later, not at once: an erroring stream drops chunks still queued, and msw passes
      // the body through a tee, so the cut bytes must reach the reader before the failure does.
      return new Promise<void>((resolve) => {
        setTimeout(() => {
          controller.error(new Error('connection closed before the response body was complete'));
          resolve();
        }, 5);
      });
    },
  });
}

function chunkStream(chunks: Iterable<string>, onBytes: (bytes: number) => void): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.iterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const parts: string[] = [];
      let size = 0;
      while (size < STREAM_CHUNK_CHARS) {
        const next = iterator.next();
        if (next.done === true) break;
        parts.push(next.value);
        size += next.value.length;
      }
      if (parts.length > 0) {
        const bytes = encoder.encode(parts.join(''));
        onBytes(bytes.byteLength);
        controller.enqueue(bytes);
      }
      if (size < STREAM_CHUNK_CHARS) controller.close();
    },
    cancel() {
      iterator.return?.();
    },
  });
}
