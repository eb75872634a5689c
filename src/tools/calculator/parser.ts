import { CalculatorError, quote } from './errors.js';
import { CONSTANTS, FUNCTIONS, type MathFunction } from './functions.js';
import { MAX_NESTING_DEPTH } from './limits.js';
import type { Token } from './tokenizer.js';

/** A left-associative operator: + and - in sums, * / % in products. */
export type ChainOperator = '+' | '-' | '*' | '/' | '%';

/** One "operator operand" step after the first operand of a sum or product. */
export interface ChainLink {
  /** The operator applied to the running value and the operand. */
  readonly operator: ChainOperator;
  /** Where the operator is, so division by zero or overflow can point at it. */
  readonly position: number;
  /** The right-hand operand. */
  readonly operand: Expression;
}

/** One "^ [signs] operand" step of a power chain; the signs negate everything to their right, so 2^-3^2 is 2^(-(3^2)). */
export interface PowerLink {
  /** Where the ^ is, so overflow or 0^-1 can point at it. */
  readonly position: number;
  /** Whether an odd number of minus signs follows the ^. */
  readonly negate: boolean;
  /** The operand after the signs. */
  readonly operand: Expression;
}

/**
 * A parsed expression. Sums, products and power chains are flat lists rather than nested binary nodes, so the tree only
 * gets deeper at parentheses, which keeps the evaluator's recursion bounded by MAX_NESTING_DEPTH as well.
 */
export type Expression =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'chain'; readonly first: Expression; readonly rest: readonly ChainLink[] }
  | { readonly kind: 'negate'; readonly operand: Expression }
  | { readonly kind: 'power'; readonly base: Expression; readonly exponents: readonly PowerLink[] }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly fn: MathFunction;
      readonly args: readonly Expression[];
      readonly position: number;
    };

/**
 * Parses tokens into an Expression by recursive descent over
 *   sum     = product (("+" | "-") product)*
 *   product = unary (("*" | "/" | "%") unary)*
 *   unary   = ("+" | "-")* power
 *   power   = primary ("^" ("+" | "-")* primary)*        right-associative
 *   primary = number | constant | function "(" [sum ("," sum)*] ")" | "(" sum ")"
 * Unary minus sits above power so -2^2 is -4; signs after ^ allow 2^-1.
 */
export function parse(tokens: readonly Token[]): Expression {
  return new Parser(tokens).parseAll();
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): Expression {
    if (this.peek().kind === 'end') throw new CalculatorError('Expression is empty', 0);
    const expression = this.parseSum();
    const next = this.peek();
    if (next.kind !== 'end') throw unexpected(next);
    return expression;
  }

  private parseSum(): Expression {
    return this.parseChain(['+', '-'], () => this.parseProduct());
  }

  private parseProduct(): Expression {
    return this.parseChain(['*', '/', '%'], () => this.parseUnary());
  }

  // A loop, not recursion, so a long run of "1+1+1..." costs no stack.
  private parseChain(operators: readonly ChainOperator[], parseOperand: () => Expression): Expression {
    const first = parseOperand();
    const rest: ChainLink[] = [];
    for (;;) {
      const token = this.peek();
      const operator = operators.find((candidate) => token.kind === 'operator' && token.text === candidate);
      if (operator === undefined) break;
      this.index += 1;
      rest.push({ operator, position: token.position, operand: parseOperand() });
    }
    return rest.length === 0 ? first : { kind: 'chain', first, rest };
  }

  private parseUnary(): Expression {
    const negate = this.parseSigns();
    const operand = this.parsePower();
    return negate ? { kind: 'negate', operand } : operand;
  }

  // Folds any run of signs into one flag, so "------1" neither recurses nor deepens the tree; -(-x) is exactly x.
  private parseSigns(): boolean {
    let negate = false;
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'operator' || (token.text !== '-' && token.text !== '+')) return negate;
      if (token.text === '-') negate = !negate;
      this.index += 1;
    }
  }

  private parsePower(): Expression {
    const base = this.parsePrimary();
    const exponents: PowerLink[] = [];
    while (this.peek().kind === 'operator' && this.peek().text === '^') {
      const position = this.next().position;
      const negate = this.parseSigns();
      exponents.push({ position, negate, operand: this.parsePrimary() });
    }
    return exponents.length === 0 ? base : { kind: 'power', base, exponents };
  }

  private parsePrimary(): Expression {
    const token = this.next();
    if (token.kind === 'number') return { kind: 'number', value: token.value };
    if (token.kind === 'name') return this.parseName(token);
    if (token.kind === 'punctuation' && token.text === '(') {
      this.enterParenthesis(token.position);
      const inner = this.parseSum();
      this.expectClose('")"');
      this.depth -= 1;
      return inner;
    }
    throw unexpected(token);
  }

  private parseName(token: Token): Expression {
    const name = token.text.toLowerCase();
    const opensCall = this.peek().kind === 'punctuation' && this.peek().text === '(';
    const fn = FUNCTIONS.get(name);
    const constant = CONSTANTS.get(name);
    if (fn === undefined && constant === undefined) throw new CalculatorError(`Unknown name ${quote(token.text)}`, token.position);
    if (!opensCall) {
      if (constant !== undefined) return { kind: 'number', value: constant };
      throw new CalculatorError(`Function ${quote(token.text)} needs parentheses around its arguments`, token.position);
    }
    if (fn === undefined) throw new CalculatorError(`${quote(token.text)} is a constant, not a function`, token.position);
    const args = this.parseArguments();
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      throw new CalculatorError(`${name} expects ${describeArity(fn)} but got ${args.length}`, token.position);
    }
    return { kind: 'call', name, fn, args, position: token.position };
  }

  private parseArguments(): Expression[] {
    this.enterParenthesis(this.next().position);
    const args: Expression[] = [];
    if (this.peek().kind === 'punctuation' && this.peek().text === ')') {
      this.index += 1;
    } else {
      for (;;) {
        args.push(this.parseSum());
        if (this.expectClose('"," or ")"') === ')') break;
      }
    }
    this.depth -= 1;
    return args;
  }

  // Checked before recursing, so 10,000 open parentheses fail at the 101st instead of overflowing the stack.
  private enterParenthesis(position: number): void {
    this.depth += 1;
    if (this.depth > MAX_NESTING_DEPTH) {
      throw new CalculatorError(`Parentheses are nested more than ${MAX_NESTING_DEPTH} levels deep`, position);
    }
  }

  /** Consumes ")" (or "," when the caller allows it, i.e. when `expected` mentions it) and returns which one. */
  private expectClose(expected: '")"' | '"," or ")"'): string {
    const token = this.next();
    const allowed = expected === '")"' ? [')'] : [',', ')'];
    if (token.kind === 'punctuation' && allowed.includes(token.text)) return token.text;
    const found = token.kind === 'end' ? 'the expression ended' : `found ${quote(token.text)}`;
    throw new CalculatorError(`Expected ${expected} but ${found}`, token.position);
  }

  private peek(): Token {
    // The tokenizer always ends with an 'end' token and nothing reads past it, so the index stays in range.
    return this.tokens[Math.min(this.index, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }
}

function unexpected(token: Token): CalculatorError {
  if (token.kind === 'end') return new CalculatorError('Unexpected end of expression', token.position);
  return new CalculatorError(`Unexpected ${quote(token.text)}`, token.position);
}

function describeArity(fn: MathFunction): string {
  const plural = (count: number): string => `${count} argument${count === 1 ? '' : 's'}`;
  if (fn.maxArgs === Number.POSITIVE_INFINITY) return `at least ${plural(fn.minArgs)}`;
  return fn.minArgs === fn.maxArgs ? plural(fn.minArgs) : `${fn.minArgs} to ${plural(fn.maxArgs)}`;
}
