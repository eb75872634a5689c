/**
 * Longest expression accepted, in UTF-16 code units.
 * A calculator call is a line of arithmetic, so 1,000 characters is generous; checking it before tokenizing means a
 * megabyte of input is refused at once, and it bounds the work every later stage can do.
 */
export const MAX_EXPRESSION_LENGTH = 1000;

/**
 * Deepest nesting of parentheses accepted (grouping and function-call parentheses both count).
 * The parser recurses once per open parenthesis and nowhere else, and it checks this before each recursion, so the
 * stack stays small whatever the input; nobody writes arithmetic 100 levels deep.
 */
export const MAX_NESTING_DEPTH = 100;

/**
 * Largest magnitude any intermediate or final result may have.
 * Past this a double becomes Infinity, which prints as "Infinity" and poisons later steps (Infinity - Infinity is
 * NaN), so the step that overflows is refused and its position reported instead.
 */
export const MAX_RESULT_MAGNITUDE = Number.MAX_VALUE;
