import { describe, expect, it } from 'vitest';
import { dmFrom, signal, startGuardedCore } from './support.js';

describe('many turns at once', () => {
  it('answers 30 conversations in flight together without a listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    const core = await startGuardedCore({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
    try {
      // Hold every answer until all 30 requests are open at the same time.
      const allOpen = signal();
      let open = 0;
      core.fake.setDefault(() => {
        if (++open === 30) allOpen.resolve();
        return { text: 'ok' };
      });
      core.fake.latencyMs = 300;
      const turns = Array.from({ length: 30 }, (_, i) => core.parley.send(dmFrom({ user: `U${i}` }, 'hi')));
      await allOpen.promise;
      expect((await Promise.all(turns)).map((result) => result.text)).toEqual(Array(30).fill('ok'));
      // Warnings are emitted on the next tick of the process.
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.includes('MaxListeners'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await core.close();
    }
  });
});
