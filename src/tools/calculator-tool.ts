import * as z from 'zod/v4';
import { defineTool, type ParleyTool } from '../core/index.js';
import { evaluate, formatNumber, MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from './calculator/index.js';

// defineTool is the SDK's betaZodTool typed as a ParleyTool, which is what the tool list and tool loop take.
/** The "calculator" tool: exact arithmetic for the model; a CalculatorError propagates so the tool loop reports it as is_error. */
export const calculatorTool: ParleyTool = defineTool({
  name: 'calculator',
  description: [
    'Evaluates an arithmetic expression and returns the number. Use it for any arithmetic rather than working it out yourself.',
    'Grammar: numbers (42, 1.5, .5, 2.5e-4); operators + - * / % (remainder) ^ (power, right-associative, binds tighter',
    'than unary minus: -2^2 = -4, 2^-1 = 0.5); parentheses; unary minus; functions sqrt abs round floor ceil exp,',
    'log (base 10), ln (natural), sin cos tan (radians), min and max (one or more comma-separated arguments);',
    'constants pi and e. Nothing else: no variables, assignment, units or implicit multiplication (write 2*pi, not 2pi).',
    `At most ${MAX_EXPRESSION_LENGTH} characters and ${MAX_NESTING_DEPTH} nested parentheses.`,
    'The result is rounded to 15 significant digits. Errors (division by zero, unknown names, results that are too',
    'large or not real numbers) name the 0-based character position at fault.',
  ].join(' '),
  inputSchema: z.object({
    expression: z.string().describe('The arithmetic expression, e.g. "(1200 * 1.07^3 - 50) / 12" or "sqrt(2) * max(3, 4)".'),
  }),
  run: ({ expression }) => formatNumber(evaluate(expression)),
});
