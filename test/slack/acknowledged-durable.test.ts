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

describe('a Slack message acknowledged over HTTP', () => {
  let harness: SlackHarness;
  afterEach(() => harness?.close());

  it('is recorded in the store before Slack gets its 200', async () => {
    let acknowledged: () => void = () => undefined;
    const acknowledgement = new Promise<void>((resolve) => (acknowledged = resolve));
    let recordedAt: number | undefined;
    // The pending record is held back until the acknowledgement arrived (or HOLD_BACK_MS passed): an
    // acknowledgement sent before the record would then arrive first.
    const holdBack = (coordination: Coordination): Coordination => ({
      ...coordination,
      async addMember(set, member, max) {
        if (set === 'pending-messages' && recordedAt === undefined) {
          await Promise.race([acknowledgement, new Promise((resolve) => setTimeout(resolve, HOLD_BACK_MS))]);
          await coordination.addMember(set, member, max);
          recordedAt = nextSequence();
          return;
        }
        await coordination.addMember(set, member, max);
      },
    });
    harness = await startSlackHarness({ coordination: holdBack });
    const response = await harness.events.event(dmEvent({ user: ALICE, text: 'keep me' }));
    const acknowledgedAt = nextSequence();
    acknowledged();
    expect(response.status).toBe(200);
    expect(recordedAt).toBeDefined();
    expect(recordedAt!).toBeLessThan(acknowledgedAt);
  });
});
