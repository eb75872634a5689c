// Slack's agent messaging experience: the status line while a turn runs (with a reaction where Slack
// shows none), suggested prompts when a person opens the DM, the Home tab, and DM thread titles.
import type { webApi } from '@slack/bolt';
import { withinTime, type Logger } from '../../core/index.js';
import type { SlackContext } from './context.js';
import type { EventListeners } from './listeners.js';
import { slackErrorCode } from './reply-stream.js';

/** Prompts shown at the top of the Messages tab when SLACK_SUGGESTED_PROMPTS is not set. */
export const DEFAULT_SUGGESTED_PROMPTS = ['What can you do?', 'Summarise a document I send you', 'What is 17% of 240?'];
// Slack shows at most four suggested prompts; a title longer than this is cut.
const MAX_PROMPTS = 4;
const PROMPT_TITLE_CHARS = 40;
const THREAD_TITLE_CHARS = 60;
// Waiting longer than this for the status would delay the answer more than the status helps.
const STATUS_WAIT_MS = 1_000;
// Errors meaning this app cannot set a status anywhere (no assistant:write, no agent view): remembered,
// so later turns go straight to the reaction.
const STATUS_UNAVAILABLE = new Set(['missing_scope', 'unknown_method', 'not_allowed_token_type', 'feature_not_enabled', 'method_deprecated', 'no_permission']);
/** Shown as "Parley is thinking…" (Slack prefixes the app's name). */
export const THINKING_STATUS = 'is thinking…';
const PENDING_REACTION = 'eyes';

/** Whether assistant.threads.setStatus is worth trying; one per adapter. */
export class StatusSwitch {
  available = true;
}

/** Where a turn's status shows: the thread being answered (a top-level message's own ts). */
export interface StatusPlace {
  channel: string;
  threadTs: string;
  /** The person's message, for the reaction when no status can be shown. */
  messageTs: string;
}

/** The visible sign that a turn is running, set at once and always cleared. */
export class TurnStatus {
  #mode: 'status' | 'reaction' | 'none' = 'none';
  /** A tool's name was shown: it may have been set after the reply started, which cleared only the earlier status. */
  #changed = false;

  constructor(
    private readonly ctx: Pick<SlackContext, 'reader' | 'logger' | 'statusSwitch'>,
    private readonly place: StatusPlace,
  ) {}

  /** Shows "is thinking…" (or a 👀 reaction), waiting at most a second for Slack. */
  async start(): Promise<void> {
    await withinTime(this.#start(), STATUS_WAIT_MS, undefined);
  }

  /** Names the tool that is running. Failures are only logged: the answer matters more. */
  async tool(name: string): Promise<void> {
    if (this.#mode !== 'status') return;
    this.#changed = true;
    await this.#setStatus(`is using ${name}…`).catch((error: unknown) => this.#warn(error));
  }

  /**
   * The answer was posted in the status's own thread. Slack clears a thread's status when the app
   * replies in it (assistant.threads.setStatus: "automatically cleared when the app sends a reply"), so
   * clear() then has nothing to do: one Web API call fewer per turn. A tool's status set after the reply
   * began, or a reaction, is still cleared.
   */
  repliedInThread(): void {
    if (this.#mode === 'status' && !this.#changed) this.#mode = 'none';
  }

  /** Clears the status (or removes the reaction) after the answer or the error line is posted. */
  async clear(): Promise<void> {
    const mode = this.#mode;
    this.#mode = 'none';
    try {
      if (mode === 'status') await this.#setStatus('');
      else if (mode === 'reaction') await this.ctx.reader.reactions.remove({ channel: this.place.channel, timestamp: this.place.messageTs, name: PENDING_REACTION });
    } catch (error) {
      this.#warn(error);
    }
  }

  async #start(): Promise<void> {
    if (this.ctx.statusSwitch.available) {
      try {
        await this.#setStatus(THINKING_STATUS);
        this.#mode = 'status';
        return;
      } catch (error) {
        const code = slackErrorCode(error);
        if (code && STATUS_UNAVAILABLE.has(code)) this.ctx.statusSwitch.available = false;
        this.ctx.logger.info('slack.status_unavailable', { slackError: code });
      }
    }
    try {
      await this.ctx.reader.reactions.add({ channel: this.place.channel, timestamp: this.place.messageTs, name: PENDING_REACTION });
      this.#mode = 'reaction';
    } catch (error) {
      this.#warn(error);
    }
  }

  #setStatus(status: string): Promise<unknown> {
    return this.ctx.reader.assistant.threads.setStatus({ channel_id: this.place.channel, thread_ts: this.place.threadTs, status });
  }

  #warn(error: unknown): void {
    this.ctx.logger.warn('slack.status_failed', { slackError: slackErrorCode(error), error });
  }
}

/** Names a DM thread after its first message, as Slack lists chats by title. Failures are only logged. */
export async function titleThread(ctx: Pick<SlackContext, 'reader' | 'logger'>, channel: string, threadTs: string, firstMessage: string): Promise<void> {
  const title = oneLine(firstMessage, THREAD_TITLE_CHARS) || 'New chat';
  await ctx.reader.assistant.threads
    .setTitle({ channel_id: channel, thread_ts: threadTs, title })
    .catch((error: unknown) => ctx.logger.info('slack.title_failed', { slackError: slackErrorCode(error) }));
}

/** What the Home tab and the suggested prompts show. */
export interface AgentSurfaces {
  prompts: readonly string[];
  helpText: string;
}

/** The app_home_opened listener: suggested prompts on the Messages tab, the help text on the Home tab. */
export function agentListeners(ctx: SlackContext, surfaces: AgentSurfaces): EventListeners<'app_home_opened'> {
  return {
    // Not returned: Bolt holds the HTTP acknowledgement until a listener resolves (processBeforeResponse).
    app_home_opened: async ({ event }) => {
      void ctx.track(async () => {
        if (event.tab === 'messages') await setSuggestedPrompts(ctx.reader, event.channel, surfaces.prompts, ctx.logger);
        else if (event.tab === 'home') await publishHome(ctx.reader, event.user, surfaces.helpText, ctx.logger);
      });
    },
  };
}

async function setSuggestedPrompts(client: webApi.WebClient, channel: string, prompts: readonly string[], logger: Logger): Promise<void> {
  if (prompts.length === 0) return;
  // Without thread_ts the prompts sit at the top of the Messages tab (agent view), not in one thread.
  await client.assistant.threads
    .setSuggestedPrompts({ channel_id: channel, prompts: prompts.slice(0, MAX_PROMPTS).map((message) => ({ title: oneLine(message, PROMPT_TITLE_CHARS), message })) })
    .catch((error: unknown) => logger.warn('slack.prompts_failed', { slackError: slackErrorCode(error), error }));
}

async function publishHome(client: webApi.WebClient, userId: string, helpText: string, logger: Logger): Promise<void> {
  await client.views
    .publish({ user_id: userId, view: { type: 'home', blocks: [{ type: 'markdown', text: helpText } as webApi.KnownBlock] } })
    .catch((error: unknown) => logger.warn('slack.home_failed', { slackError: slackErrorCode(error), error }));
}

function oneLine(text: string, limit: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= limit ? line : `${line.slice(0, limit - 1).trimEnd()}…`;
}
