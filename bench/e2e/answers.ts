// Turns waiting for their answer, resolved by whatever the fake platform API receives next.
import { performance } from 'node:perf_hooks';
import { refsIn, turnRef } from './history-check.js';

/** Pending turns by marker. */
export class AnswerWaiters {
  readonly #waiting = new Map<string, (at: number) => void>();

  /** Resolves with ms from now until a message carrying `ref` is seen; rejects after `timeoutMs`. */
  expect(ref: string, timeoutMs: number): Promise<number> {
    const started = performance.now();
    const answered = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(ref);
        reject(new Error(`no answer to ${ref} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting.set(ref, (at) => {
        clearTimeout(timer);
        this.#waiting.delete(ref);
        resolve(at - started);
      });
    });
    answered.catch(() => undefined);
    return answered;
  }

  /** A message showing `text` reached the platform at `at`: every marker in it is answered. */
  seen(text: string, at: number): void {
    for (const ref of refsIn(text)) this.#waiting.get(turnRef(ref.conversation, ref.turn))?.(at);
  }

  clear(): void {
    this.#waiting.clear();
  }
}
