/**
 * One pass over `source` for two consumers. The leader pulls the items from `source`; each item it takes
 * is queued for the follower too, which waits for the next when it has taken them all. The follower ends
 * when the leader has taken the last item, and fails when the leader fails or stops early; once the
 * follower has failed (see `stop`), the leader fails at its next item.
 */
export class SharedPass<T> {
  private readonly queue: T[] = [];
  private ended: { error?: unknown } | undefined;
  private stopped: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly source: AsyncIterable<T>) {}

  async *leader(): AsyncGenerator<T> {
    let end: { error?: unknown } = { error: new Error("the pass over the bundle stopped early") };
    try {
      for await (const item of this.source) {
        if (this.stopped !== undefined) throw this.stopped.error;
        this.queue.push(item);
        this.notify();
        yield item;
      }
      end = {};
    } catch (error) {
      end = { error };
      throw error;
    } finally {
      this.ended = end;
      this.notify();
    }
  }

  async *follower(): AsyncGenerator<T> {
    for (;;) {
      if (this.queue.length > 0) {
        yield this.queue.shift() as T;
        continue;
      }
      if (this.ended !== undefined) {
        if ("error" in this.ended) throw this.ended.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** The follower failed with `error`: the leader takes no more items. */
  stop(error: unknown): void {
    this.stopped ??= { error };
  }

  private notify(): void {
    this.wake?.();
    this.wake = undefined;
  }
}
