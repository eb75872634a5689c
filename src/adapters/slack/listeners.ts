// One Bolt listener for all the Events API types the adapter handles, dispatching on the event's type.
//
// Why not one app.event() per type, as Bolt's examples do: Bolt runs every listener's middleware chain
// for every payload (App.processEvent maps over all of them, copying each chain and spreading the
// listener arguments at every step), so a listener that does not match still costs its chain. A DM went
// through six (three event types, three slash commands); in process (Bolt 5.1, warm, no-op listeners)
// processEvent took 50 µs with six listeners and 27 µs with two. See bench/RESULTS.md.
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { escapeRegExp } from './markup.js';

/** What Bolt hands a listener of event type `T`. */
export type EventArgs<T extends string> = SlackEventMiddlewareArgs<T> & AllMiddlewareArgs;

/** A listener per event type, each typed as app.event(type, listener) would type it. */
export type EventListeners<T extends string> = { [K in T]: (args: EventArgs<K>) => Promise<void> };

/** Registers `listeners` with Bolt as one listener matching exactly their event types. */
export function listenToEvents<T extends string>(app: App, listeners: EventListeners<T>): void {
  const byType = new Map<string, (args: EventArgs<string>) => Promise<void>>(Object.entries(listeners));
  app.event(exactly(byType.keys()), (args) => byType.get(args.event.type)!(args));
}

/** A pattern matching exactly one of `names`. */
export function exactly(names: Iterable<string>): RegExp {
  return new RegExp(`^(?:${[...names].map(escapeRegExp).join('|')})$`);
}
