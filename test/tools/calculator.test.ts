import { runRunnableTool } from '@anthropic-ai/sdk/lib/tools/BetaRunnableTool';
import { describe, expect, it } from 'vitest';
import { calculatorTool } from '../../src/tools/calculator-tool.js';
import {
  CalculatorError,
  evaluate,
  formatNumber,
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
} from '../../src/tools/calculator/index.js';
import { parse } from '../../src/tools/calculator/parser.js';
import { tokenize } from '../../src/tools/calculator/tokenizer.js';

/** Runs `action` and returns the CalculatorError it throws, failing the test if it throws anything else or nothing. */
function calculatorErrorOf(action: () => unknown): CalculatorError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CalculatorError);
    return error as CalculatorError;
  }
  throw new Error('expected a CalculatorError, but nothing was thrown');
}

function errorOf(expression: string): CalculatorError {
  return calculatorErrorOf(() => evaluate(expression));
}

describe('evaluate: numbers', () => {
  it.each([
    ['42', 42],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1.', 1],
    ['007', 7],
    ['1e3', 1000],
    ['2.5E-4', 0.00025],
    ['1e+2', 100],
    ['1.5e2', 150],
    ['.5e1', 5],
  ])('reads %s as %d', (expression, expected) => {
    expect(evaluate(expression)).toBe(expected);
  });

  it('rejects a literal too large for a double, pointing at it', () => {
    expect(errorOf('1 + 1e400').message).toBe('Number "1e400" is too large at position 4');
  });

  it('reads a literal too small for a double as zero', () => {
    expect(evaluate('1e-400')).toBe(0);
  });

  it('does not treat an incomplete exponent as part of the number', () => {
    expect(errorOf('2e').message).toBe('Unexpected "e" at position 1');
  });

  it('does not read hexadecimal', () => {
    expect(errorOf('0x10').message).toBe('Unexpected "x10" at position 1');
  });
});

describe('evaluate: operators', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['100 / 10 / 5', 2],
    ['2 * 3 % 4', 2],
    ['7 % 3', 1],
    ['-7 % 3', -1],
    ['5.5 % 2', 1.5],
    ['2 ^ 10', 1024],
    ['2 ^ 3 ^ 2', 512],
    ['(2 ^ 3) ^ 2', 64],
    ['-2 ^ 2', -4],
    ['(-2) ^ 2', 4],
    ['2 ^ -1', 0.5],
    ['2 ^ -3 ^ 2', 2 ** -9],
    ['2 * -3', -6],
    ['1 - -1', 2],
    ['--3', 3],
    ['---3', -3],
    ['+3', 3],
    ['-+-3', 3],
    ['3 * 2 ^ 2', 12],
    ['-3 ^ 2 * 2', -18],
    ['1 + 2 ^ 2 * 3', 13],
  ])('computes %s as %d', (expression, expected) => {
    expect(evaluate(expression)).toBe(expected);
  });

  it('accepts whitespace of any kind between tokens', () => {
    expect(evaluate(' \t1\n+\r\n2 *\u00a03 ')).toBe(7);
  });

  it('returns 0 rather than -0', () => {
    expect(Object.is(evaluate('-0'), 0)).toBe(true);
    expect(Object.is(evaluate('-1 * 0'), 0)).toBe(true);
  });

  it('keeps binary rounding in the number itself (formatting is separate)', () => {
    expect(evaluate('0.1 + 0.2')).toBe(0.1 + 0.2);
  });
});

describe('evaluate: functions and constants', () => {
  it.each([
    ['sqrt(16)', 4],
    ['abs(-3)', 3],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(2.4)', 2],
    ['floor(-1.5)', -2],
    ['ceil(1.2)', 2],
    ['min(3)', 3],
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['log(1000)', 3],
    ['ln(1)', 0],
    ['exp(0)', 1],
    ['sin(0)', 0],
    ['cos(0)', 1],
    ['tan(0)', 0],
    ['pi', Math.PI],
    ['e', Math.E],
    ['ln(e)', 1],
    ['cos(pi)', -1],
    ['2 * pi', 2 * Math.PI],
    ['SQRT(4) + Pi - PI', 2],
    ['max(1 + 1, 2 * 3, sqrt(min(9, 16)))', 6],
    ['sqrt(2) ^ 2', Math.sqrt(2) ** 2],
  ])('computes %s as %d', (expression, expected) => {
    expect(evaluate(expression)).toBe(expected);
  });

  it('names an unknown identifier and its position', () => {
    expect(errorOf('1 + foo').message).toBe('Unknown name "foo" at position 4');
  });

  it('names an unknown function the same way', () => {
    expect(errorOf('2 * foo(1)').message).toBe('Unknown name "foo" at position 4');
  });

  it('explains a wrong argument count for a one-argument function', () => {
    expect(errorOf('sqrt(1, 2)').message).toBe('sqrt expects 1 argument but got 2 at position 0');
  });

  it('explains that min and max need at least one argument', () => {
    expect(errorOf('1 + max()').message).toBe('max expects at least 1 argument but got 0 at position 4');
  });

  it('explains a function used without parentheses', () => {
    expect(errorOf('sqrt 4').message).toBe('Function "sqrt" needs parentheses around its arguments at position 0');
  });

  it('explains a constant used as a function', () => {
    expect(errorOf('pi(2)').message).toBe('"pi" is a constant, not a function at position 0');
  });

  it('rejects a trailing comma in an argument list', () => {
    expect(errorOf('max(1,)').message).toBe('Unexpected ")" at position 6');
  });

  it('rejects a missing comma between arguments', () => {
    expect(errorOf('max(1 2)').message).toBe('Expected "," or ")" but found "2" at position 6');
  });
});

describe('evaluate: results that are not finite real numbers', () => {
  it('refuses division by zero, pointing at the operator', () => {
    expect(errorOf('1/0').message).toBe('Division by zero at position 1');
  });

  it('refuses division by an expression that is zero', () => {
    expect(errorOf('5 / (2 - 2)').message).toBe('Division by zero at position 2');
  });

  it('refuses remainder by zero', () => {
    expect(errorOf('5 % 0').message).toBe('Modulo by zero at position 2');
  });

  it('refuses zero to a negative power', () => {
    expect(errorOf('0 ^ -1').message).toBe('Zero to a negative power is a division by zero at position 2');
  });

  it('refuses 9^9^9^9 as too large, at the ^ that overflows', () => {
    expect(errorOf('9^9^9^9').message).toBe('Result is too large at position 3');
  });

  it('refuses overflow in multiplication', () => {
    expect(errorOf('1e300 * 1e300').message).toBe('Result is too large at position 6');
  });

  it('refuses overflow in addition', () => {
    expect(errorOf('1.7e308 + 1.7e308').message).toBe('Result is too large at position 8');
  });

  it('refuses overflow inside a function', () => {
    expect(errorOf('exp(1000)').message).toBe('Result is too large at position 0');
  });

  it('refuses the square root of a negative number', () => {
    const error = errorOf('sqrt(-1)');
    expect(error.message).toBe('sqrt(-1) is not a real number at position 0');
    expect(error.message).toContain('not a real number');
  });

  it('refuses the logarithm of a negative number', () => {
    expect(errorOf('ln(-1)').message).toBe('ln(-1) is not a real number at position 0');
  });

  it('refuses the logarithm of zero', () => {
    expect(errorOf('log(0)').message).toBe('log(0) is undefined at position 0');
  });

  it('refuses a fractional power of a negative number', () => {
    expect(errorOf('(-8) ^ 0.5').message).toBe('(-8)^0.5 is not a real number at position 5');
  });

  it('accepts the largest finite double', () => {
    expect(evaluate('1.7976931348623157e308')).toBe(Number.MAX_VALUE);
  });
});

describe('evaluate: syntax errors name the position', () => {
  it.each([
    ['1 # 2', 'Unexpected "#" at position 2'],
    ['2 +', 'Unexpected end of expression at position 3'],
    ['* 2', 'Unexpected "*" at position 0'],
    ['1 2', 'Unexpected "2" at position 2'],
    ['(1 + 2', 'Expected ")" but the expression ended at position 6'],
    ['(1 + 2 3)', 'Expected ")" but found "3" at position 7'],
    ['1 + 2)', 'Unexpected ")" at position 5'],
    ['()', 'Unexpected ")" at position 1'],
    ['1, 2', 'Unexpected "," at position 1'],
    ['2(3)', 'Unexpected "(" at position 1'],
    ['1..2', 'Unexpected ".2" at position 2'],
    ['', 'Expression is empty at position 0'],
    ['   ', 'Expression is empty at position 0'],
    ['x = 1', 'Unexpected "=" at position 2'],
    ['1 € 2', 'Unexpected "€" at position 2'],
    ['1 + 😀', 'Unexpected "😀" at position 4'],
    ['1\u0000', 'Unexpected "\\u0000" at position 1'],
  ])('reports %j as %j', (expression, message) => {
    const error = errorOf(expression);
    expect(error.message).toBe(message);
  });

  it('exposes the position and the bare reason as properties', () => {
    const error = errorOf('12 + #');
    expect(error.position).toBe(5);
    expect(error.reason).toBe('Unexpected "#"');
    expect(error.name).toBe('CalculatorError');
    expect(error).toBeInstanceOf(Error);
  });

  it('shortens a very long name in the message', () => {
    const error = errorOf(`1 + ${'a'.repeat(500)}`);
    expect(error.message).toBe(`Unknown name "${'a'.repeat(40)}…" at position 4`);
  });
});

describe('evaluate: bounds', () => {
  it(`accepts an expression of exactly ${MAX_EXPRESSION_LENGTH} characters`, () => {
    const expression = `1${'+1'.repeat((MAX_EXPRESSION_LENGTH - 1) / 2)}`;
    expect(expression).toHaveLength(999);
    expect(evaluate(`${expression} `)).toBe(500);
  });

  it(`refuses an expression longer than ${MAX_EXPRESSION_LENGTH} characters`, () => {
    expect(errorOf('1'.repeat(MAX_EXPRESSION_LENGTH + 1)).message).toBe(
      'Expression is longer than 1000 characters at position 1000',
    );
  });

  it('refuses a megabyte of digits with the length error', () => {
    expect(errorOf('9'.repeat(1_000_000)).message).toBe('Expression is longer than 1000 characters at position 1000');
  });

  it('refuses 10,000 nested parentheses without overflowing the stack', () => {
    const deep = `${'('.repeat(10_000)}1${')'.repeat(10_000)}`;
    expect(errorOf(deep).message).toContain('longer than 1000 characters');
  });

  it('stops the parser at the depth limit even when the length check is bypassed', () => {
    const deep = `${'('.repeat(10_000)}1${')'.repeat(10_000)}`;
    const error = calculatorErrorOf(() => parse(tokenize(deep)));
    expect(error.message).toBe(`Parentheses are nested more than ${MAX_NESTING_DEPTH} levels deep at position ${MAX_NESTING_DEPTH}`);
  });

  it(`accepts parentheses nested ${MAX_NESTING_DEPTH} deep`, () => {
    expect(evaluate(`${'('.repeat(MAX_NESTING_DEPTH)}1${')'.repeat(MAX_NESTING_DEPTH)}`)).toBe(1);
  });

  it(`refuses parentheses nested ${MAX_NESTING_DEPTH + 1} deep, at the first one too many`, () => {
    const deep = `${'('.repeat(MAX_NESTING_DEPTH + 1)}1${')'.repeat(MAX_NESTING_DEPTH + 1)}`;
    expect(errorOf(deep).message).toBe('Parentheses are nested more than 100 levels deep at position 100');
  });

  it('counts function-call parentheses towards the depth', () => {
    const deep = `${'abs('.repeat(MAX_NESTING_DEPTH + 1)}1${')'.repeat(MAX_NESTING_DEPTH + 1)}`;
    expect(errorOf(deep).message).toBe('Parentheses are nested more than 100 levels deep at position 403');
  });

  it('handles long runs of signs and operators, which do not nest', () => {
    expect(evaluate(`${'-'.repeat(998)}1`)).toBe(1);
    expect(evaluate(`2${'^1'.repeat(499)}`)).toBe(2);
  });
});

describe('evaluate: never executes code', () => {
  it.each([
    'eval("1")',
    'Function("return 1")()',
    'constructor',
    'constructor.constructor("return process")()',
    '__proto__',
    'toString()',
    'valueOf',
    'process.exit()',
    'require("fs")',
    'globalThis',
    'this',
    '[].constructor',
    '`${1}`',
    '1; 2',
    'Math.PI',
    '(() => 1)()',
    'new Date()',
    'a = 1',
    '1 ? 2 : 3',
    '1 == 1',
    '2 ** 3',
  ])('rejects %j with a CalculatorError', (expression) => {
    expect(() => evaluate(expression)).toThrow(CalculatorError);
  });

  it('names prototype properties as unknown rather than finding them', () => {
    expect(errorOf('constructor').message).toBe('Unknown name "constructor" at position 0');
    expect(errorOf('1 + __proto__').message).toBe('Unknown name "__proto__" at position 4');
    expect(errorOf('hasOwnProperty(1)').message).toBe('Unknown name "hasOwnProperty" at position 0');
  });

  it('refuses a non-string input from untyped callers', () => {
    expect(() => evaluate(42 as unknown as string)).toThrow(CalculatorError);
  });
});

describe('formatNumber', () => {
  it.each([
    [0.1 + 0.2, '0.3'],
    [1 / 3, '0.333333333333333'],
    [42, '42'],
    [-0, '0'],
    [1e21, '1e+21'],
    [2.5e-7, '2.5e-7'],
    [123456789012345680000, '123456789012346000000'],
  ])('renders %d as %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it('shows the largest double exactly instead of rounding it to Infinity', () => {
    expect(formatNumber(Number.MAX_VALUE)).toBe('1.7976931348623157e+308');
  });
});

describe('calculatorTool', () => {
  const context = {
    toolUse: { type: 'tool_use', id: 'toolu_1', name: 'calculator', input: {} },
    toolUseBlock: { type: 'tool_use', id: 'toolu_1', name: 'calculator', input: {} },
  } as unknown as Parameters<typeof runRunnableTool>[2];

  it('is a custom tool named "calculator" taking one string "expression"', () => {
    expect(calculatorTool.name).toBe('calculator');
    expect(calculatorTool.type).toBe('custom');
    expect(calculatorTool.input_schema).toMatchObject({
      type: 'object',
      properties: { expression: { type: 'string' } },
      required: ['expression'],
    });
  });

  it('describes the grammar to the model', () => {
    for (const word of ['sqrt', 'min', 'max', 'log', 'ln', 'pi', '^', '%', 'position']) {
      expect(calculatorTool.description).toContain(word);
    }
  });

  it('returns a readable number', async () => {
    expect(await calculatorTool.run({ expression: '0.1 + 0.2' })).toBe('0.3');
    expect(await calculatorTool.run({ expression: '2^10' })).toBe('1024');
  });

  it('lets a CalculatorError propagate', () => {
    expect(() => calculatorTool.run({ expression: '1/0' })).toThrow(CalculatorError);
  });

  it('becomes an is_error result with the positioned message in the tool loop', async () => {
    const outcome = await runRunnableTool(calculatorTool, { expression: '1/0' }, context);
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('Division by zero at position 1');
  });

  it('runs through the tool loop to a result', async () => {
    const outcome = await runRunnableTool(calculatorTool, { expression: 'max(1, 2) * 3' }, context);
    expect(outcome).toEqual({ content: '6', isError: false });
  });
});
