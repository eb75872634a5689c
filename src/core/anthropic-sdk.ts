// The core's one runtime load of the Anthropic SDK, through Node's CommonJS require.
//
// Why: the SDK ships an ESM build of ~270 files (with @opentelemetry/api's ~100) and a CommonJS build
// of the same code. Node 20 links an ESM graph file by file with async reads, which costs ~50 ms more
// start-up CPU than require() of the CommonJS build, in every mode (bench/RESULTS.md, "Discord
// start-up"). Every SDK value the core uses at run time comes from here, so the process holds one copy
// of its classes (`instanceof Anthropic.APIError` holds); types still come from the package directly.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const Anthropic = (require('@anthropic-ai/sdk') as typeof import('@anthropic-ai/sdk')).default;
export type Anthropic = import('@anthropic-ai/sdk').default;

export const { runRunnableTool } = require('@anthropic-ai/sdk/lib/tools/BetaRunnableTool') as typeof import('@anthropic-ai/sdk/lib/tools/BetaRunnableTool');
