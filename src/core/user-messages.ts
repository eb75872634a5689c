import { FileRefused } from './attachments.js';
import { ParleyError, RateLimited, InputTooLong, BudgetExhausted, ImportRejected, MessageTooLarge, ModelRejected, PromptTooLong, asParleyError } from './errors.js';
import { dollars } from './usage-text.js';

/** The one short line a person sees for an error; details stay in the logs. */
export function userMessageFor(error: unknown): string {
  const e: ParleyError = asParleyError(error);
  if (e instanceof RateLimited) {
    const seconds = Math.max(1, Math.ceil(e.retryAfterMs / 1000));
    return `You're sending messages faster than ${e.limitPerMinute} a minute. Try again in ${seconds}s.`;
  }
  if (e instanceof InputTooLong) {
    return `That message is ${e.length.toLocaleString('en-US')} characters; the limit is ${e.limit.toLocaleString('en-US')}. Please shorten it.`;
  }
  if (e instanceof MessageTooLarge) {
    // Characters per token at the estimate's rates: 3 for English, 1 / 1.5 for CJK (token-estimate.ts).
    const english = (e.limitTokens * 3).toLocaleString('en-US');
    const cjk = Math.floor(e.limitTokens / 1.5).toLocaleString('en-US');
    return `That message is too long for Claude to read in one go: one message can be about ${english} characters of English or ${cjk} of Chinese, Japanese or Korean. Nothing was saved; please shorten it or send it in parts.`;
  }
  if (e instanceof PromptTooLong) {
    return "That message and this conversation's recent history were too long for Claude, even with older messages left out. Nothing was saved; please send a shorter message.";
  }
  if (e instanceof ModelRejected && (e.status === 401 || e.status === 403 || e.status === 404)) {
    return "Claude refused this bot's access (its API key or model setting). Nothing was saved; whoever runs the bot should check ANTHROPIC_API_KEY and ANTHROPIC_MODEL.";
  }
  if (e instanceof ImportRejected) return `I can't import that file, so nothing was stored: ${e.reason}.`;
  if (e instanceof FileRefused) return e.line;
  if (e instanceof BudgetExhausted) {
    if (e.dailyCostUsd !== undefined) return `You've used today's budget (${dollars(e.dailyCostUsd)}). It resets at midnight UTC.`;
    return `You've used today's token budget (${e.dailyTokens.toLocaleString('en-US')} tokens). It resets at midnight UTC.`;
  }
  switch (e.code) {
    case 'model_unavailable':
      return "Claude isn't answering right now (busy or unreachable). Nothing was lost: please send that again in a moment.";
    case 'model_rejected':
      return "Claude couldn't accept that message. Nothing was saved; please try rephrasing it.";
    case 'history_rejected':
      return "Claude refused this conversation's stored history, so it can't go on as it is. Nothing new was saved; /reset starts it afresh.";
    case 'empty_input':
      return 'Mention me with a question, e.g. "@Parley what is 17% of 240?". Commands: /reset forgets this conversation, /export sends you a copy.';
    case 'not_allowed':
      return "Sorry, I'm not enabled for you here.";
    case 'store_unavailable':
      return "I can't reach my memory store right now, so this message wasn't kept and I won't remember it. Please send it again shortly.";
    case 'conversation_busy':
      return "I'm still answering your earlier messages here; please send that again in a minute.";
    case 'conversation_changed':
      return 'This conversation changed while I was answering (a /reset or another message), so I did not keep that answer. Please send it again.';
    case 'shutting_down':
      return "I'm restarting; please send that again in a minute.";
    case 'delivery_failed':
      return "I couldn't post my answer here (the platform refused it), but it is kept in our conversation: ask me to repeat it.";
    case 'tool_loop_limit':
      return 'I stopped after too many tool steps without a final answer.';
    default:
      return 'Something went wrong on my side; the conversation is intact. Please try again.';
  }
}

/** "14:02 UTC": when a message arrived, as every platform shows it in these lines. */
const clockTime = (at: Date): string => `${at.toISOString().slice(11, 16)} UTC`;

/** Added to the answer of a message answered again after the process answering it died. */
export function recoveredNote(receivedAt: Date): string {
  return `(Parley restarted while answering your message of ${clockTime(receivedAt)}. This is the full answer; a reply to it above that stops short was cut off.)`;
}

/** Posted in place of the answer to a message that waited past PENDING_MAX_AGE_MS in a process that died. */
export function resendLine(receivedAt: Date): string {
  return `Parley restarted before it could answer your message of ${clockTime(receivedAt)}, and it is too late to answer it now. Please send it again.`;
}
