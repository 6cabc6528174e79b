/** A body that never ends (a broken or hostile peer): chunks of `size` bytes on every pull; `cancelled()` says whether the reader gave up on it. */
export function endlessStream(size: number): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(new Uint8Array(size));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}
