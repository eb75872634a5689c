/** The longest piece of input echoed back in a message: enough to recognise it, short enough not to flood the model's context. */
const MAX_QUOTED_LENGTH = 40;

/** Why an expression was refused, and where: every calculator failure is one of these so callers need a single catch. */
export class CalculatorError extends Error {
  /** 0-based index (in UTF-16 code units, like String indices) into the expression where the problem was found. */
  readonly position: number;
  /** The message without its " at position N" suffix, for callers that show the position their own way. */
  readonly reason: string;

  /** Builds the message as "<reason> at position <position>" so every error names where it happened. */
  constructor(reason: string, position: number) {
    super(`${reason} at position ${position}`);
    this.name = 'CalculatorError';
    this.reason = reason;
    this.position = position;
  }
}

/** Quotes input text for a message; JSON escaping keeps control characters and lone surrogates printable and the result well-formed. */
export function quote(text: string): string {
  const shown = text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
  return JSON.stringify(shown);
}
