/**
 * Runs tasks with at most `limit` at a time (tens of thousands of files, or calls to an API server: bounded
 * handles and requests), taking them as they come. After a failure no new task starts; `settle` rejects with
 * it only once the running tasks have settled, so the caller can clean up without a task still running
 * behind its back.
 */
export class TaskPool {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  /** Starts `task` as soon as a place is free; rejects, starting nothing, once a task has failed. */
  async add(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit && this.failure === undefined) await Promise.race(this.running);
    if (this.failure !== undefined) throw this.failure.error;
    const run: Promise<void> = Promise.resolve()
      .then(task)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Waits for every task started; rejects with the first failure, if any. */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
    if (this.failure !== undefined) throw this.failure.error;
  }
}

/** `task` of every item, in the items' order, with at most `limit` running at a time, as a TaskPool runs them. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const pool = new TaskPool(limit);
  try {
    for (const [index, item] of items.entries()) {
      await pool.add(async () => {
        results[index] = await task(item);
      });
    }
  } finally {
    await pool.settle();
  }
  return results;
}
