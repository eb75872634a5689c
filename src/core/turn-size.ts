import { estimateTextTokens, estimateTokens } from './token-estimate.js';
import type { ModelMessage } from './types.js';

// Framing of the final answer when a later request carries it (role markers, block boundaries).
const ANSWER_FRAMING = 8;

/** What the API reported for a turn's requests, and what of the turn it never counted. */
export interface TurnMeasure {
  userMessage: ModelMessage;
  /** Input tokens of the turn's first and last requests (history included; cache reads too). */
  firstInput: number;
  lastInput: number;
  /** Output tokens of the last request's answer, or undefined when its stream broke before reporting them. */
  lastOutput: number | undefined;
  /** Messages added after the last request that no request carried (tool results, a closing note). */
  unsent: readonly ModelMessage[];
  /** The last answer as stored, for when its output count is unknown. */
  lastAnswer: ModelMessage;
  /** Text the core appended to the last answer (a cut-off note), which the model did not write. */
  added: string | undefined;
}

/**
 * The tokens a turn takes in later requests, as the API counted it. The last request's input minus the
 * first's is exactly what the tool rounds added, and the last output is the answer; only the new
 * message (counted by the API with the history around it, so not separable) and the core's own notes
 * are estimated. Returns undefined when the model reported no usage, so the caller estimates it all.
 */
export function turnTokens(measure: TurnMeasure): number | undefined {
  if (measure.firstInput <= 0) return undefined;
  const answer =
    measure.lastOutput === undefined
      ? estimateTokens([measure.lastAnswer])
      : measure.lastOutput + ANSWER_FRAMING + (measure.added ? estimateTextTokens(measure.added) : 0);
  return estimateTokens([measure.userMessage]) + (measure.lastInput - measure.firstInput) + answer + estimateTokens(measure.unsent);
}
