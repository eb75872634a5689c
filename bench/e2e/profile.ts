// `npx tsx bench/e2e/profile.ts [slack|discord] [parley|naive] [turns]`: drives one bot through a
// platform with `--cpu-prof` and prints where its CPU went, by package (self time). For finding
// what to optimise; not part of `npm run bench`.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRemoteFakeModel } from '../fake-model.js';
import { startBot, type BotKind, type PlatformName } from './bot-process.js';
import { startDiscordRig } from './discord-rig.js';
import { converse, freshPeople, type Rigs } from './drive.js';
import { startSlackRig } from './slack-rig.js';

const platform = (process.argv[2] ?? 'slack') as PlatformName;
const kind = (process.argv[3] ?? 'parley') as BotKind;
const turns = Number(process.argv[4] ?? 300);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Self time per package (or Node internal area) from a .cpuprofile. */
function byPackage(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): Array<[string, number]> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)!.callFrame;
    const url = frame.url;
    const place = url === '' ? `(${frame.functionName || 'native'})` : /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith('node:') ? url.split('/')[0]!.replace(/:.*/, ':') + url.slice(5).split('/')[0] : url.includes('/dist/') ? `parley ${url.split('/dist/')[1]}` : url);
    totals.set(place, (totals.get(place) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

const dir = await mkdtemp(join(tmpdir(), 'parley-prof-'));
const fake = await startRemoteFakeModel();
const rigs: Rigs = { fake, slack: await startSlackRig(), discord: await startDiscordRig() };
try {
  const apiUrl = platform === 'slack' ? rigs.slack.api.url : rigs.discord.rest.url;
  const bot = await startBot({ kind, platform, modelUrl: fake.url, platformApiUrl: apiUrl, nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`] }, rigs.slack.api.botToken);
  if (bot.port !== undefined) rigs.slack.target(bot.port);
  const people = freshPeople(platform, Math.ceil(turns / 10));
  const result = await converse(rigs, bot, people, 10, { concurrency: platform === 'slack' ? 1 : 10 });
  process.stdout.write(`${result.turns} turns, ${result.lost} lost\n`);
  await bot.stop();
  const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const profile = JSON.parse(await readFile(join(dir, file), 'utf8'));
  if (process.env.PROFILE_OUT) await writeFile(process.env.PROFILE_OUT, JSON.stringify(profile));
  const rows = byPackage(profile);
  const total = rows.reduce((sum, [, us]) => sum + us, 0);
  for (const [place, us] of rows.slice(0, 40)) process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000 / result.turns).toFixed(3)} ms/turn  ${place}\n`);
} finally {
  await rigs.slack.close();
  await rigs.discord.close();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
}
