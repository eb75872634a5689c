// `npx tsx bench/e2e/compare.ts <slack|discord> <build>… [--turns=N] [--rounds=N] [--store=URL]`:
// CPU per turn of several Parley builds (paths to a main.js, `naive`, or `floor:<parts>` for a floor bot,
// bench/floor/exchanges.ts, e.g. `floor:` raw exchanges only, `floor:bolt+web+stream+status`) through one platform path,
// alternating which goes first (a build may carry node flags after `@`, e.g. `dist/main.js@--max-semi-space-size=16`), so a change is measured against the code before it in one run on
// the same machine. Each round starts every bot afresh; conversations are 10 turns (model instant).
// For before/after figures of one change; `npm run bench` is what the README quotes.
import { startRemoteFakeModel } from '../fake-model.js';
import { median, round } from '../stats.js';
import { startBot, type PlatformName } from './bot-process.js';
import { startDiscordRig } from './discord-rig.js';
import { converse, freshPeople, type Rigs } from './drive.js';
import { cpuWindow } from './proc.js';
import { startSlackRig } from './slack-rig.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const [platform, ...builds] = args.filter((a) => !a.startsWith('--')) as [PlatformName, ...string[]];
const turnsPerRound = Number(option('turns', '300'));
const rounds = Number(option('rounds', '4'));
const storeUrl = option('store', '');

const fake = await startRemoteFakeModel();
const rigs: Rigs = { fake, slack: await startSlackRig(), discord: await startDiscordRig() };
const cpu = new Map<string, number[]>(builds.map((b) => [b, []]));
try {
  for (let r = 0; r < rounds; r++) {
    for (const build of r % 2 === 0 ? builds : [...builds].reverse()) {
      const apiUrl = platform === 'slack' ? rigs.slack.api.url : rigs.discord.rest.url;
      const kind = build === 'naive' ? 'naive' : build.startsWith('floor:') ? 'floor' : 'parley';
      // A Redis store shared by every round gets a fresh key prefix per start (its ?prefix= setting).
      const env: Record<string, string> = storeUrl && kind === 'parley' ? { STORE_URL: `${storeUrl}${storeUrl.includes('?') ? '&' : '?'}prefix=cmp${Date.now()}${r}:` } : {};
      const [main, ...nodeFlags] = build.split('@');
      const which = kind === 'parley' ? { main } : kind === 'floor' ? { floorParts: main!.slice('floor:'.length) } : {};
      const bot = await startBot({ kind, platform, modelUrl: fake.url, platformApiUrl: apiUrl, env, nodeFlags, ...which }, rigs.slack.api.botToken);
      try {
        if (bot.port !== undefined) rigs.slack.target(bot.port);
        const pacing = { concurrency: platform === 'slack' ? 1 : 10 };
        await converse(rigs, bot, freshPeople(platform, 3), 10, pacing);
        const window = cpuWindow(bot.pid, () => [process.pid, fake.pid, bot.pid]);
        const result = await converse(rigs, bot, freshPeople(platform, Math.ceil(turnsPerRound / 10)), 10, pacing);
        const used = window.stop();
        if (result.lost > 0) process.stderr.write(`${build}: ${result.lost} answers lost\n`);
        cpu.get(build)!.push(used.botMs / result.turns);
        process.stderr.write(`round ${r + 1} ${build}: ${round(used.botMs / result.turns, 2)} ms/turn (background ${round(used.backgroundCores, 2)} cores)\n`);
      } finally {
        await bot.stop();
      }
    }
  }
} finally {
  await rigs.slack.close();
  await rigs.discord.close();
  await fake.close();
}
const first = median(cpu.get(builds[0]!)!);
for (const build of builds) {
  const values = cpu.get(build)!;
  process.stdout.write(`${platform}  ${build.padEnd(22)} median ${round(median(values), 2)} ms/turn  (${values.map((v) => round(v, 2)).join(', ')})  vs first ${round(median(values) / first, 3)}×\n`);
}
