import type { Coordination } from './coordination.js';
import type { Logger } from './logger.js';

// Two hours. Slack retries a delivery immediately, after about 1 minute and after about 5; a deploy
// or restart during that sequence, or an operator replaying a queue, can stretch it, and Slack's own
// documentation promises nothing past "a few minutes". An hour is the least the design allows; twice
// that costs one small expiring row per event and covers Discord RESUME replays of a long outage too.
const DELIVERY_CLAIM_TTL_MS = 2 * 60 * 60_000;

/**
 * Platform deliveries (event ids, message ids, slash-command trigger ids) claimed in the shared
 * store with an atomic set-if-absent, so a redelivery is answered once across processes and restarts.
 */
export class DeliveryClaims {
  constructor(
    readonly coordination: Coordination,
    readonly logger: Logger,
    readonly ttlMs = DELIVERY_CLAIM_TTL_MS,
  ) {}

  /**
   * True the first time `id` is seen within the TTL; false for a redelivery. A delivery known by
   * several ids is claimed under all of them in one store call, and is new only if none was seen.
   */
  async firstSeen(id: string | readonly string[]): Promise<boolean> {
    try {
      if (typeof id === 'string') return await this.coordination.claim(`delivery:${id}`, this.ttlMs);
      const claimed = await this.coordination.claimAll(id.map((one) => `delivery:${one}`), this.ttlMs);
      return claimed.every(Boolean);
    } catch (error) {
      // A store that cannot record the claim cannot store the turn either: the turn will tell the
      // person so. Answering beats dropping a message that may well be the first delivery.
      this.logger.warn('delivery.claim_failed', { error });
      return true;
    }
  }
}

/** What adapters deduplicate deliveries through: a claim in the shared store (Parley.firstDelivery). */
export interface DeliveryDedupe {
  /** True the first time `id` is seen by any process on the store; false for a redelivery. */
  firstSeen(id: string): Promise<boolean>;
}
