/** A built-in function: how many arguments it takes, where it is defined, and what it computes. */
export interface MathFunction {
  /** Fewest arguments accepted. */
  readonly minArgs: number;
  /** Most arguments accepted (Infinity for variadic functions). */
  readonly maxArgs: number;
  /** Why these arguments are outside the function's real domain, or undefined when they are fine. */
  readonly domainError: (args: readonly number[]) => string | undefined;
  /** Computes the result; the parser has already checked the argument count. */
  readonly apply: (args: readonly number[]) => number;
}

const NOT_REAL = 'is not a real number';

function oneArgument(compute: (x: number) => number, domainError: (x: number) => string | undefined = () => undefined): MathFunction {
  // The parser guarantees exactly one argument, so args[0] is always present.
  return { minArgs: 1, maxArgs: 1, domainError: (args) => domainError(args[0]!), apply: (args) => compute(args[0]!) };
}

function variadic(compute: (...values: number[]) => number): MathFunction {
  return { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, domainError: () => undefined, apply: (args) => compute(...args) };
}

function logarithmDomain(x: number): string | undefined {
  if (x < 0) return NOT_REAL;
  return x === 0 ? 'is undefined' : undefined;
}

/** Rounds halves away from zero, as calculators do; Math.round sends -2.5 to -2, which surprises people. */
function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * Functions by lower-case name. A Map, not an object literal, so names such as "constructor" or "__proto__" can never
 * reach Object.prototype.
 */
export const FUNCTIONS: ReadonlyMap<string, MathFunction> = new Map<string, MathFunction>([
  ['sqrt', oneArgument(Math.sqrt, (x) => (x < 0 ? NOT_REAL : undefined))],
  ['abs', oneArgument(Math.abs)],
  ['round', oneArgument(roundHalfAwayFromZero)],
  ['floor', oneArgument(Math.floor)],
  ['ceil', oneArgument(Math.ceil)],
  ['min', variadic(Math.min)],
  ['max', variadic(Math.max)],
  ['log', oneArgument(Math.log10, logarithmDomain)],
  ['ln', oneArgument(Math.log, logarithmDomain)],
  ['exp', oneArgument(Math.exp)],
  ['sin', oneArgument(Math.sin)],
  ['cos', oneArgument(Math.cos)],
  ['tan', oneArgument(Math.tan)],
]);

/** Constants by lower-case name; a Map for the same prototype-safety reason as FUNCTIONS. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map<string, number>([
  ['pi', Math.PI],
  ['e', Math.E],
]);
