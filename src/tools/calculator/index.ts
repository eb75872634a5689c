/**
 * A calculator for untrusted input (whatever a model or a chat user types). It is a hand-written tokenizer and
 * recursive-descent parser on purpose: eval/Function would run arbitrary code, and general expression libraries such
 * as mathjs have had sandbox escapes through their richer object models, whereas a ~200-line grammar over numbers can
 * be read and audited in one sitting. Nothing in here ever turns input into code.
 */
import { CalculatorError } from './errors.js';
import { evaluateTree } from './evaluator.js';
import { MAX_EXPRESSION_LENGTH } from './limits.js';
import { parse } from './parser.js';
import { tokenize } from './tokenizer.js';

export { CalculatorError } from './errors.js';
export { formatNumber } from './format.js';
export { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH, MAX_RESULT_MAGNITUDE } from './limits.js';

/** Evaluates an arithmetic expression: returns a finite number or throws CalculatorError naming the position at fault. */
export function evaluate(expression: string): number {
  // Callers from plain JavaScript (or a mis-typed tool input) could pass anything; fail the same way as for bad text.
  if (typeof expression !== 'string') throw new CalculatorError('Expression must be a string', 0);
  // Checked before tokenizing, so a megabyte of input is refused without being read.
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new CalculatorError(`Expression is longer than ${MAX_EXPRESSION_LENGTH} characters`, MAX_EXPRESSION_LENGTH);
  }
  const result = evaluateTree(parse(tokenize(expression)));
  // -0 is an IEEE artefact (e.g. -1 * 0) that nobody expects a calculator to show.
  return result === 0 ? 0 : result;
}
