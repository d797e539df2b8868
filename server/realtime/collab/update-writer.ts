// Groups the updates that arrive while a write is in flight into the next single write, so that
// the database sees one insert per batch rather than one per keystroke. Each caller's promise
// settles when its own update is committed.
//
// Writes keep the order of append, failures included: a batch that fails is tried again, after a
// pause, before anything appended after it. An update may build on the ones appended before it
// (a client types on what another just typed), and storing it without them would leave the stored
// log with a hole that nothing fills: Yjs would hold it back, as pending, on every load. So the
// callers wait while the database is away, and "saved" keeps meaning committed.
export class UpdateWriter<T> {
  private queue: { item: T; resolve: () => void }[] = [];
  private writing: Promise<void> | null = null;
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    /** Told of each failed attempt; the batch is then tried again. */
    private readonly onFailure: (error: unknown, attempt: number) => void = () => {},
    private readonly retryMs = { first: 100, max: 5000 },
  ) {}

  append(item: T): Promise<void> {
    this.last = new Promise((resolve) => {
      this.queue.push({ item, resolve });
      this.writing ??= this.drain();
    });
    return this.last;
  }

  /** Resolves once everything appended so far is committed (not waiting for what comes later). */
  written(): Promise<void> {
    return this.last;
  }

  /** Resolves when everything appended so far is written. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    // Let the updates of the current tick join the first batch.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, 500);
      for (let attempt = 1; ; attempt++) {
        try {
          await this.write(batch.map((b) => b.item));
          break;
        } catch (error) {
          this.onFailure(error, attempt);
          await new Promise((r) =>
            setTimeout(r, Math.min(this.retryMs.first * 2 ** (attempt - 1), this.retryMs.max)),
          );
        }
      }
      for (const b of batch) b.resolve();
    }
    this.writing = null;
  }
}
