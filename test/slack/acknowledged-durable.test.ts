// Acknowledged means durable: over HTTP, Slack's delivery is answered 200 only once the message is
// recorded in the store, so a process killed right after the acknowledgement still leaves it behind.
import { afterEach, describe, expect, it } from 'vitest';
import type { Coordination } from '../../src/core/index.js';
import { nextSequence } from '../fakes/sequence.js';
import { dmEvent } from '../fakes/slack-events.js';
import { ALICE, startSlackHarness, type SlackHarness } from './harness.js';

// How long the record is held back when the acknowledgement does not wait for it: an acknowledgement sent
// first arrives within a few ms; one that waits (the behaviour under test) cannot arrive before the record.
const HOLD_BACK_MS = 500;

/** A coordination whose first pending-set write waits for `release` (or `timeoutMs`), noting when it completed. */
function holdingBackTheRecord(release: Promise<void>, timeoutMs?: number) {
  const state: { recordedAt?: number } = {};
  const wrap = (coordination: Coordination): Coordination => ({
    ...coordination,
    async addMember(set, member, max, value) {
      if (set === 'held-messages' && state.recordedAt === undefined) {
        await Promise.race([release, ...(timeoutMs === undefined ? [] : [new Promise((resolve) => setTimeout(resolve, timeoutMs))])]);
        await coordination.addMember(set, member, max, value);
        state.recordedAt = nextSequence();
        return;
      }
      await coordination.addMember(set, member, max, value);
    },
  });
  return { wrap, state };
}

describe('a Slack message acknowledged over HTTP', () => {
  let harness: SlackHarness;
  afterEach(() => harness?.close());

  it('is recorded in the store before Slack gets its 200', async () => {
    let acknowledged: () => void = () => undefined;
    const held = holdingBackTheRecord(new Promise<void>((resolve) => (acknowledged = resolve)), HOLD_BACK_MS);
    harness = await startSlackHarness({ coordination: held.wrap });
    const response = await harness.events.event(dmEvent({ user: ALICE, text: 'keep me' }));
    const acknowledgedAt = nextSequence();
    acknowledged();
    expect(response.status).toBe(200);
    expect(held.state.recordedAt).toBeDefined();
    expect(held.state.recordedAt!).toBeLessThan(acknowledgedAt);
  });

  it('is still acknowledged, and answered once, when the store takes the record only after Slack would give up', async () => {
    let acknowledged: () => void = () => undefined;
    // The record waits for the acknowledgement itself: an acknowledgement that waited for the record
    // without a bound would never be sent.
    const held = holdingBackTheRecord(new Promise<void>((resolve) => (acknowledged = resolve)));
    harness = await startSlackHarness({ coordination: held.wrap });
    const response = await harness.events.event(dmEvent({ user: ALICE, text: 'keep me anyway' }));
    acknowledged();
    expect(response.status).toBe(200);
    await harness.reply(`D${ALICE}`, undefined, 'echo: keep me anyway');
    await harness.settle();
    expect(harness.slack.thread(`D${ALICE}`, undefined).map((message) => message.text)).toEqual(['echo: keep me anyway']);
  });
});
