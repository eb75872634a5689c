// How to give the model a tool of your own: declare it once with a zod schema, add it to the list.
import * as z from 'zod/v4';
import { defineTool } from '../src/core/index.js';

/** Tells the time in a given IANA time zone. */
export const clockTool = defineTool({
  name: 'clock',
  description: 'Returns the current date and time in an IANA time zone such as Europe/Paris.',
  inputSchema: z.object({ timeZone: z.string().describe('IANA time zone, e.g. America/New_York') }),
  // A throw (an unknown zone here) reaches the model as an is_error result it can recover from.
  run: ({ timeZone }) => new Date().toLocaleString('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'long' }),
});

// To enable it for every conversation, add it to `defaultTools` in src/tools/index.ts:
//   export const defaultTools = [calculatorTool, clockTool];
