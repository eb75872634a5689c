// "Valid" in tests means both: the API's own rules, as the fake Anthropic enforces them, and the
// stricter ones the core checks before every commit (roles alternate, the request ends with the user).
import { historyProblems } from '../../src/core/history-rules.js';
import type { ModelMessage } from '../../src/core/index.js';
import { historyError } from '../fakes/anthropic/api-rules.js';

/** Every rule the history of `messages` breaks; empty when the API would accept it. */
export function problemsOf(messages: readonly ModelMessage[]): string[] {
  const api = historyError(messages);
  return [...(api ? [`the API would answer 400: ${api}`] : []), ...historyProblems(messages)];
}

/** Throws, listing every problem, unless `messages` is a history the Messages API accepts as a request. */
export function assertValidHistory(messages: readonly ModelMessage[]): void {
  const problems = problemsOf(messages);
  if (problems.length > 0) throw new Error(`invalid history:\n  ${problems.join('\n  ')}\n${JSON.stringify(messages, null, 2).slice(0, 4000)}`);
}
