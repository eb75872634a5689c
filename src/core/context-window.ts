// The context window of the configured model, for keeping every request inside it.

/** Claude models' context window in tokens, by model-name prefix; the first match wins. */
const KNOWN_WINDOWS: ReadonlyArray<readonly [prefix: string, tokens: number]> = [
  ['claude-opus-', 200_000],
  ['claude-sonnet-', 200_000],
  ['claude-haiku-', 200_000],
  ['claude-3', 200_000],
  ['claude-2.1', 200_000],
  ['claude-2', 100_000],
  ['claude-instant', 100_000],
];

// A model the table does not know (a gateway alias, a new family) gets the smallest window in the
// table rather than the largest: a request cut to fit costs old turns, one too long is refused.
// MODEL_CONTEXT_TOKENS overrides both (e.g. 1,000,000 for a model with the long-context beta).
const UNKNOWN_MODEL_WINDOW = 100_000;

/** The context window of `model` in tokens: `override` when given, else the table, else a safe default. */
export function contextWindowOf(model: string, override?: number): number {
  if (override !== undefined) return override;
  const name = model.toLowerCase().replace(/^(anthropic\.|us\.anthropic\.|eu\.anthropic\.)/, '');
  return KNOWN_WINDOWS.find(([prefix]) => name.startsWith(prefix))?.[1] ?? UNKNOWN_MODEL_WINDOW;
}
