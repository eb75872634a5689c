import { betaZodTool } from '@anthropic-ai/sdk/helpers/beta/zod';
import type * as z from 'zod/v4';
import type { ParleyTool } from './tool-loop.js';

/** Options of {@link defineTool}: a name, a description for the model, a zod input schema, and `run`. */
export type ToolOptions<Schema extends z.ZodType> = Parameters<typeof betaZodTool<Schema>>[0];

/**
 * Declares a tool once with a zod schema. The SDK's `betaZodTool` turns the schema into the JSON
 * schema the API needs and validates the model's input before `run`; invalid input and anything
 * `run` throws come back to the model as an `is_error` tool_result it can recover from.
 */
export function defineTool<Schema extends z.ZodType>(options: ToolOptions<Schema>): ParleyTool {
  // betaZodTool's declared return type also covers server tools; a zod tool is always a custom one.
  return betaZodTool(options) as ParleyTool;
}
