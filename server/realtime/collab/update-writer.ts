// Groups the updates that arrive while a write is in flight into the next single write, so that
// the database sees one insert per batch rather than one per keystroke. Each caller's promise
// settles when its own update is committed (or failed).
export class UpdateWriter<T> {
  private queue: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  append(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.writing ??= this.drain();
    });
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
      try {
        await this.write(batch.map((b) => b.item));
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.writing = null;
  }
}
