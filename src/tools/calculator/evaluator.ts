import { CalculatorError } from './errors.js';
import { formatNumber } from './format.js';
import { MAX_RESULT_MAGNITUDE } from './limits.js';
import type { ChainOperator, Expression } from './parser.js';

/** Computes a parsed expression, refusing any step whose result is not a finite real number. */
export function evaluateTree(node: Expression): number {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'negate':
      return -evaluateTree(node.operand);
    case 'chain': {
      let value = evaluateTree(node.first);
      for (const link of node.rest) value = applyChain(link.operator, value, evaluateTree(link.operand), link.position);
      return value;
    }
    case 'power': {
      // Operands are evaluated left to right, so the leftmost failing operand is the one reported; the fold then runs
      // right to left because ^ is right-associative: each operand is raised to the value of everything after it, then
      // the signs written after its ^ apply (2^-3^2 is 2^(-(3^2))).
      const base = evaluateTree(node.base);
      const links = node.exponents;
      const operands = links.map((link) => evaluateTree(link.operand));
      const signed = (i: number, value: number): number => (links[i]!.negate ? -value : value);
      const last = links.length - 1;
      let exponent = signed(last, operands[last]!);
      for (let i = last - 1; i >= 0; i -= 1) exponent = signed(i, power(operands[i]!, exponent, links[i + 1]!.position));
      return power(base, exponent, links[0]!.position);
    }
    case 'call': {
      const args = node.args.map(evaluateTree);
      const refuse = (why: string): CalculatorError =>
        new CalculatorError(`${node.name}(${args.map(formatNumber).join(', ')}) ${why}`, node.position);
      const domainError = node.fn.domainError(args);
      if (domainError !== undefined) throw refuse(domainError);
      const result = node.fn.apply(args);
      if (Number.isNaN(result)) throw refuse('is not a real number');
      return checkMagnitude(result, node.position);
    }
  }
}

function applyChain(operator: ChainOperator, left: number, right: number, position: number): number {
  switch (operator) {
    case '+':
      return checkMagnitude(left + right, position);
    case '-':
      return checkMagnitude(left - right, position);
    case '*':
      return checkMagnitude(left * right, position);
    case '/':
      if (right === 0) throw new CalculatorError('Division by zero', position);
      return checkMagnitude(left / right, position);
    case '%':
      // JavaScript's remainder: the sign follows the dividend, so -7 % 3 is -1.
      if (right === 0) throw new CalculatorError('Modulo by zero', position);
      return left % right;
  }
}

function power(base: number, exponent: number, position: number): number {
  if (base === 0 && exponent < 0) throw new CalculatorError('Zero to a negative power is a division by zero', position);
  if (base < 0 && !Number.isInteger(exponent)) {
    throw new CalculatorError(`(${formatNumber(base)})^${formatNumber(exponent)} is not a real number`, position);
  }
  return checkMagnitude(Math.pow(base, exponent), position);
}

// Inputs are always finite here, so the only way out of range is overflow past MAX_RESULT_MAGNITUDE.
function checkMagnitude(value: number, position: number): number {
  if (!(Math.abs(value) <= MAX_RESULT_MAGNITUDE)) throw new CalculatorError('Result is too large', position);
  return value;
}
