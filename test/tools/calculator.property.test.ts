import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalculatorError, evaluate, MAX_EXPRESSION_LENGTH } from '../../src/tools/calculator/index.js';

/** A generated expression tree, evaluated directly in JavaScript as the reference the calculator must agree with. */
type Tree =
  | { readonly kind: 'literal'; readonly value: number }
  | { readonly kind: 'negate'; readonly operand: Tree }
  | { readonly kind: 'binary'; readonly operator: '+' | '-' | '*' | '/' | '%' | '^'; readonly left: Tree; readonly right: Tree }
  | { readonly kind: 'call'; readonly name: 'abs' | 'min' | 'max'; readonly args: readonly Tree[] };

/** The reference result: a number, or undefined where the calculator must refuse (division by zero, overflow, NaN). */
function reference(tree: Tree): number | undefined {
  switch (tree.kind) {
    case 'literal':
      return tree.value;
    case 'negate': {
      const value = reference(tree.operand);
      return value === undefined ? undefined : -value;
    }
    case 'binary': {
      const left = reference(tree.left);
      const right = reference(tree.right);
      if (left === undefined || right === undefined) return undefined;
      const result = computeBinary(tree.operator, left, right);
      return Number.isFinite(result) ? result : undefined;
    }
    case 'call': {
      const args = tree.args.map(reference);
      if (args.some((arg) => arg === undefined)) return undefined;
      const values = args as number[];
      return tree.name === 'abs' ? Math.abs(values[0]!) : tree.name === 'min' ? Math.min(...values) : Math.max(...values);
    }
  }
}

function computeBinary(operator: string, left: number, right: number): number {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return right === 0 ? Number.NaN : left / right;
    case '%':
      return right === 0 ? Number.NaN : left % right;
    default:
      return left === 0 && right < 0 ? Number.NaN : Math.pow(left, right);
  }
}

const PRECEDENCE = { sum: 1, product: 2, unary: 3, power: 4, atom: 5 } as const;

function precedenceOf(tree: Tree): number {
  if (tree.kind === 'negate') return PRECEDENCE.unary;
  if (tree.kind !== 'binary') return PRECEDENCE.atom;
  if (tree.operator === '^') return PRECEDENCE.power;
  return tree.operator === '+' || tree.operator === '-' ? PRECEDENCE.sum : PRECEDENCE.product;
}

/**
 * Prints a tree as tokens with as few parentheses as the grammar allows, so the calculator's precedence and
 * associativity rules (not just its parenthesis handling) must reproduce the tree.
 */
function printTokens(tree: Tree): string[] {
  const wrap = (child: Tree, minimum: number): string[] =>
    precedenceOf(child) >= minimum ? printTokens(child) : ['(', ...printTokens(child), ')'];
  switch (tree.kind) {
    case 'literal':
      // String() of a double reads back as exactly the same double, and its forms (1e-7, 1.5e+21) are in the grammar.
      return [String(tree.value)];
    case 'negate':
      return ['-', ...wrap(tree.operand, PRECEDENCE.unary)];
    case 'binary': {
      if (tree.operator === '^') {
        // Right-associative, and the exponent may carry signs (2^-1); the base must be an atom ((-2)^2, (2^3)^2).
        return [...wrap(tree.left, PRECEDENCE.atom), '^', ...wrap(tree.right, PRECEDENCE.unary)];
      }
      const own = precedenceOf(tree);
      return [...wrap(tree.left, own), tree.operator, ...wrap(tree.right, own + 1)];
    }
    case 'call':
      return [tree.name, '(', ...tree.args.flatMap((arg, i) => (i === 0 ? printTokens(arg) : [',', ...printTokens(arg)])), ')'];
  }
}

function print(tree: Tree): string {
  return printTokens(tree).join('');
}

function treeArbitrary(literal: fc.Arbitrary<number>, operators: readonly ('+' | '-' | '*' | '/' | '%' | '^')[]): fc.Arbitrary<Tree> {
  const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      literal.map((value): Tree => ({ kind: 'literal', value })),
      tie('tree').map((operand): Tree => ({ kind: 'negate', operand })),
      fc
        .record({ operator: fc.constantFrom(...operators), left: tie('tree'), right: tie('tree') })
        .map((node): Tree => ({ kind: 'binary', ...node })),
      tie('tree').map((operand): Tree => ({ kind: 'call', name: 'abs', args: [operand] })),
      fc
        .record({ name: fc.constantFrom('min' as const, 'max' as const), args: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) })
        .map((node): Tree => ({ kind: 'call', ...node })),
    ),
  }));
  // Keep printed trees inside the length limit so the property is about arithmetic, not about the limit.
  return tree.filter((candidate) => print(candidate).length <= MAX_EXPRESSION_LENGTH / 2);
}

/** Evaluates and reports either the number or the fact that a CalculatorError was thrown; anything else propagates. */
function outcome(expression: string): number | 'error' {
  try {
    return evaluate(expression);
  } catch (error) {
    if (error instanceof CalculatorError) return 'error';
    throw error;
  }
}

function expectMatchesReference(tree: Tree): void {
  const expected = reference(tree);
  const actual = outcome(print(tree));
  if (expected === undefined) expect(actual).toBe('error');
  // evaluate() reports -0 as 0, so compare against the reference the same way.
  else expect(actual).toBe(expected === 0 ? 0 : expected);
}

const integers = fc.integer({ min: 0, max: 1000 });
const doubles = fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }).map(Math.abs);

const WHITESPACE = [' ', '\t', '\n', '\r', '  ', '\u00a0'];

const GRAMMAR_TOKENS = [
  '0', '1', '2', '9', '10', '.5', '1.5', '1e3', '2.5E-4', '1e308', '9', '0.1',
  '+', '-', '*', '/', '%', '^', '(', ')', ',', ' ',
  'sqrt', 'abs', 'round', 'floor', 'ceil', 'min', 'max', 'log', 'ln', 'exp', 'sin', 'cos', 'tan', 'pi', 'e', 'PI',
  'sqrt(', 'max(', 'foo', 'constructor', '__proto__', '.', 'e', 'E', '#', '"',
];

/** How an input breaks evaluate's contract (a finite number, or a CalculatorError positioned inside the input), if it does. */
function contractViolation(input: string): string | undefined {
  let result: number;
  try {
    result = evaluate(input);
  } catch (error) {
    if (!(error instanceof CalculatorError)) return `threw ${String(error)}`;
    const { position, message } = error;
    if (!Number.isInteger(position) || position < 0 || position > input.length) return `position ${position} is outside the input`;
    return message.endsWith(` at position ${position}`) ? undefined : `message does not name the position: ${message}`;
  }
  return Number.isFinite(result) ? undefined : `returned ${result}`;
}

function expectNumberOrCalculatorError(input: string): void {
  expect(contractViolation(input)).toBeUndefined();
}

describe('calculator properties', () => {
  it('agrees with direct computation on integer expression trees', () => {
    fc.assert(fc.property(treeArbitrary(integers, ['+', '-', '*']), expectMatchesReference), { numRuns: 1000 });
  });

  it('agrees with direct computation, errors included, when / % and ^ are in the mix', () => {
    fc.assert(fc.property(treeArbitrary(integers, ['+', '-', '*', '/', '%', '^']), expectMatchesReference), { numRuns: 1000 });
  });

  it('agrees with direct computation on arbitrary non-negative doubles', () => {
    fc.assert(fc.property(treeArbitrary(doubles, ['+', '-', '*', '/', '%', '^']), expectMatchesReference), { numRuns: 500 });
  });

  it('ignores whitespace between tokens', () => {
    const spaced = fc
      .tuple(treeArbitrary(integers, ['+', '-', '*', '/', '%', '^']), fc.infiniteStream(fc.constantFrom(...WHITESPACE)))
      .map(([tree, spaces]) => {
        const tokens = printTokens(tree);
        const gaps = [...spaces.take(tokens.length + 1)];
        return { compact: tokens.join(''), spaced: gaps[0] + tokens.map((token, i) => token + gaps[i + 1]).join('') };
      })
      .filter(({ spaced }) => spaced.length <= MAX_EXPRESSION_LENGTH);
    fc.assert(
      fc.property(spaced, ({ compact, spaced }) => {
        expect(outcome(spaced)).toBe(outcome(compact));
      }),
      { numRuns: 500 },
    );
  });

  it('treats redundant parentheses and double negation as no-ops', () => {
    fc.assert(
      fc.property(treeArbitrary(integers, ['+', '-', '*', '/', '%', '^']), (tree) => {
        const text = print(tree);
        expect(outcome(`(${text})`)).toBe(outcome(text));
        expect(outcome(`--(${text})`)).toBe(outcome(text));
      }),
      { numRuns: 300 },
    );
  });

  it('returns a finite number or throws a positioned CalculatorError for any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), expectNumberOrCalculatorError), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), expectNumberOrCalculatorError), { numRuns: 1000 });
  });

  it('returns a finite number or throws a positioned CalculatorError for any soup of grammar tokens', () => {
    const soup = fc.array(fc.constantFrom(...GRAMMAR_TOKENS), { maxLength: 40 }).map((tokens) => tokens.join(''));
    fc.assert(fc.property(soup, expectNumberOrCalculatorError), { numRuns: 3000 });
  });
});
