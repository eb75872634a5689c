/** Significant digits shown: two fewer than a double holds, which hides binary noise such as 0.1 + 0.2 = 0.30000000000000004. */
const SIGNIFICANT_DIGITS = 15;

/** Renders a number for people (and models) to read, e.g. 0.1 + 0.2 as "0.3". */
export function formatNumber(value: number): string {
  const rounded = Number(value.toPrecision(SIGNIFICANT_DIGITS));
  // Rounding the very largest doubles to 15 digits can step past Number.MAX_VALUE into Infinity; show those exactly.
  return String(Number.isFinite(rounded) || !Number.isFinite(value) ? rounded : value);
}
