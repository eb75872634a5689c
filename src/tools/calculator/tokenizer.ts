import { CalculatorError, quote } from './errors.js';

/** One lexical unit of an expression, with the index it starts at so later errors can point at it. */
export type Token =
  | { readonly kind: 'number'; readonly text: string; readonly position: number; readonly value: number }
  | { readonly kind: 'name' | 'operator' | 'punctuation' | 'end'; readonly text: string; readonly position: number };

const OPERATORS = '+-*/%^';
const PUNCTUATION = '(),';

/** Splits an expression into tokens, ending with an 'end' token; throws CalculatorError at the first character outside the grammar. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input.charAt(index);
    if (isWhitespace(char)) {
      index += 1;
    } else if (isDigit(char) || (char === '.' && isDigit(input.charAt(index + 1)))) {
      const token = readNumber(input, index);
      tokens.push(token);
      index += token.text.length;
    } else if (isNameStart(char)) {
      let end = index + 1;
      while (end < input.length && isNamePart(input.charAt(end))) end += 1;
      tokens.push({ kind: 'name', text: input.slice(index, end), position: index });
      index = end;
    } else if (OPERATORS.includes(char)) {
      tokens.push({ kind: 'operator', text: char, position: index });
      index += 1;
    } else if (PUNCTUATION.includes(char)) {
      tokens.push({ kind: 'punctuation', text: char, position: index });
      index += 1;
    } else {
      // Show the whole code point so an emoji reads as itself rather than as half a surrogate pair.
      const codePoint = input.codePointAt(index) ?? 0;
      throw new CalculatorError(`Unexpected ${quote(String.fromCodePoint(codePoint))}`, index);
    }
  }
  tokens.push({ kind: 'end', text: '', position: input.length });
  return tokens;
}

/** Reads digits[.digits][e[+-]digits] (or .digits...) starting at `start`, which the caller knows begins a number. */
function readNumber(input: string, start: number): Token {
  let end = skipDigits(input, start);
  if (input.charAt(end) === '.') end = skipDigits(input, end + 1);
  const marker = input.charAt(end);
  if (marker === 'e' || marker === 'E') {
    const sign = input.charAt(end + 1);
    const digitsAt = sign === '+' || sign === '-' ? end + 2 : end + 1;
    // Only a complete exponent belongs to the number; "2e" is left as 2 followed by the name e, which the parser refuses.
    if (isDigit(input.charAt(digitsAt))) end = skipDigits(input, digitsAt);
  }
  const text = input.slice(start, end);
  // The text matches the decimal-literal grammar above, so Number() only converts digits here; it never interprets code.
  const value = Number(text);
  if (!Number.isFinite(value)) throw new CalculatorError(`Number ${quote(text)} is too large`, start);
  return { kind: 'number', text, position: start, value };
}

function skipDigits(input: string, from: number): number {
  let end = from;
  while (end < input.length && isDigit(input.charAt(end))) end += 1;
  return end;
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

function isNameStart(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_';
}

function isNamePart(char: string): boolean {
  return isNameStart(char) || isDigit(char);
}

function isWhitespace(char: string): boolean {
  return /^\s$/.test(char);
}
