import type { ParleyTool } from '../core/index.js';
import { calculatorTool } from './calculator-tool.js';

/** The tools every conversation gets. Add yours here (see examples/custom-tool.ts). */
export const defaultTools: readonly ParleyTool[] = [calculatorTool];
