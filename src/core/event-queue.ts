/** A push-to-pull bridge: the turn pushes events, an adapter iterates them at its own pace. */
export class EventQueue<T> implements AsyncIterable<T> {
  readonly #buffer: T[] = [];
  #waiter: (() => void) | undefined;
  #ended = false;
  #error: unknown;

  /** Adds an event. */
  push(value: T): void {
    this.#buffer.push(value);
    this.#wake();
  }

  /** Ends the iteration after the buffered events, optionally with an error. */
  end(error?: unknown): void {
    this.#ended = true;
    this.#error = error;
    this.#wake();
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const next = this.#buffer.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.#ended) {
        if (this.#error !== undefined) throw this.#error;
        return;
      }
      await new Promise<void>((resolve) => (this.#waiter = resolve));
    }
  }
}
