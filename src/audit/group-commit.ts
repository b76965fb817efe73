/**
 * Group commit: callers submit items and wait; one batch commits at a time, and everything that
 * arrived while it was committing goes into the next batch. Under load batches grow by themselves
 * and one durable transaction answers many callers; when idle a lone item commits at once, with no
 * timer adding latency.
 */
export class GroupCommitter<Item, Result> {
  private queue: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  private committing: Promise<void> | null = null;

  constructor(
    private readonly commitBatch: (items: Item[]) => Promise<Result[]>,
    private readonly maxBatch = 2000,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.committing) this.committing = this.drain();
    });
  }

  /** Resolves once everything submitted so far is committed (or failed). */
  async idle(): Promise<void> {
    while (this.committing) await this.committing;
  }

  private async drain(): Promise<void> {
    // Yield once so callers submitting in the same tick share the first batch.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.commitBatch(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve(results[index]!));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.committing = null;
  }
}
