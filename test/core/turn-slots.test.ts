import { describe, expect, it } from 'vitest';
import { TurnSlots } from '../../src/core/turn-slots.js';

/** A task that runs until released, recording how many tasks were running when it started. */
function gatedTasks(slots: TurnSlots, count: number) {
  let running = 0;
  const started: number[] = [];
  const releases: Array<() => void> = [];
  const done = Array.from({ length: count }, (_, i) =>
    slots.run(async () => {
      running++;
      started.push(i);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
      return i;
    }),
  );
  return { started, releases, done, running: () => running };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('MAX_CONCURRENT_TURNS (TurnSlots)', () => {
  it('runs no more than the bound at once; the rest wait', async () => {
    const tasks = gatedTasks(new TurnSlots(2), 5);
    await tick();
    expect(tasks.started).toEqual([0, 1]);
    tasks.releases[0]!();
    await tick();
    expect(tasks.started).toEqual([0, 1, 2]);
    expect(tasks.running()).toBe(2);
  });

  it('starts waiting turns in arrival order and finishes them all', async () => {
    const slots = new TurnSlots(1);
    const tasks = gatedTasks(slots, 4);
    for (let i = 0; i < 4; i++) {
      await tick();
      tasks.releases[i]!();
    }
    await expect(Promise.all(tasks.done)).resolves.toEqual([0, 1, 2, 3]);
    expect(tasks.started).toEqual([0, 1, 2, 3]);
    expect(slots.waiting).toBe(0);
  });

  it('frees the slot of a turn that fails', async () => {
    const slots = new TurnSlots(1);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(slots.run(async () => 'next')).resolves.toBe('next');
  });

  it('does not bound anything at 0', async () => {
    const tasks = gatedTasks(new TurnSlots(0), 10);
    await tick();
    expect(tasks.running()).toBe(10);
    for (const release of tasks.releases) release();
    await Promise.all(tasks.done);
  });
});
