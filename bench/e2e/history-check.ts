// The benchmark's correctness check, run by the fake model on every request it answers: the request
// of turn t of a conversation must carry every earlier exchange of that conversation (turns 0…t−1,
// the question and its answer, in order, nothing from another conversation), unless the history
// budget trimmed the oldest turns or a summary in the system prompt stands in for them (compaction,
// src/core/compaction.ts), and then the turns it does carry must still run unbroken to t−1.

/** The marker every benchmark question ends with: `(ref <conversation>.<turn>)`. */
export function turnRef(conversation: string, turn: number): string {
  return `(ref ${conversation}.${turn})`;
}

const REF = /\(ref ([A-Za-z0-9_-]+)\.(\d+)\)/g;

/** Past this share of the history budget a request may have dropped its oldest turns. */
const TRIMMED_SHARE = 0.8;
/** What Parley's compacted requests carry in the system prompt in place of the turns that left (withSummary). */
const SUMMARY_MARK = '<conversation_summary>';

/** Counts of one run of the check. */
export interface HistoryCheckCounts {
  /** Requests that carried a turn marker. */
  checked: number;
  /** Requests missing an earlier exchange, out of order, or carrying another conversation's. */
  misses: number;
  /** The first few misses, for the report. */
  examples: string[];
}

/** A checker over one fake model's requests. */
export function historyChecker(historyTokenBudget: number) {
  const counts: HistoryCheckCounts = { checked: 0, misses: 0, examples: [] };
  return {
    counts,
    /** Checks one request body (MessageCreateParams); returns why it fails, or undefined. */
    check(body: { system?: unknown; messages?: Array<{ role: string; content: unknown }> }, inputTokens: number): string | undefined {
      const messages = body.messages ?? [];
      const asked: Array<{ conversation: string; turn: number }> = [];
      const answered: Array<{ conversation: string; turn: number }> = [];
      for (const message of messages) {
        for (const ref of refsIn(textOf(message.content))) (message.role === 'user' ? asked : answered).push(ref);
      }
      const current = asked.at(-1);
      // A request whose last message is not a marked question (compaction's summarising request ends
      // with Parley's instruction) answers no turn: nothing to check.
      const last = messages.at(-1);
      if (!current || !last || last.role !== 'user' || refsIn(textOf(last.content)).length === 0) return undefined;
      counts.checked++;
      const summarised = textOf(body.system).includes(SUMMARY_MARK);
      const problem = problemOf(asked, answered, current, summarised || inputTokens >= TRIMMED_SHARE * historyTokenBudget);
      if (problem) {
        counts.misses++;
        if (counts.examples.length < 5) counts.examples.push(`${current.conversation}.${current.turn}: ${problem}`);
      }
      return problem;
    },
    reset() {
      counts.checked = 0;
      counts.misses = 0;
      counts.examples.length = 0;
    },
  };
}

function problemOf(
  asked: Array<{ conversation: string; turn: number }>,
  answered: Array<{ conversation: string; turn: number }>,
  current: { conversation: string; turn: number },
  mayBeTrimmed: boolean,
): string | undefined {
  if ([...asked, ...answered].some((ref) => ref.conversation !== current.conversation)) return 'carries another conversation';
  const first = asked[0]!.turn;
  if (first !== 0 && !mayBeTrimmed) return `starts at turn ${first}, not 0`;
  for (let i = 0; i < asked.length; i++) if (asked[i]!.turn !== first + i) return `question of turn ${first + i} missing`;
  if (answered.length !== asked.length - 1) return `${answered.length} answers for ${asked.length - 1} earlier questions`;
  for (let i = 0; i < answered.length; i++) if (answered[i]!.turn !== first + i) return `answer of turn ${first + i} missing`;
  return undefined;
}

/** Every turn marker in a text. */
export function refsIn(text: string): Array<{ conversation: string; turn: number }> {
  return [...text.matchAll(REF)].map((match) => ({ conversation: match[1]!, turn: Number(match[2]) }));
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((block: { type?: string; text?: unknown }) => (block?.type === 'text' && typeof block.text === 'string' ? block.text : '')).join('');
}
