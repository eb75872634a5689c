// The core's public surface: what adapters, the store and main.ts need, and nothing else.
export { conversationKey, isSharedScope, keyOrigin, userScopeId, type ConversationAddress, type ConversationKey, type ConversationScope, type Platform } from './conversation-key.js';
export { revisionOf, type ConversationStore } from './conversation-store.js';
export type { Coordination, CounterValue } from './coordination.js';
export * from './errors.js';
export { KeyedQueue } from './keyed-queue.js';
export type { LeaseSettings } from './conversation-locks.js';
export { createLogger, maskSecrets, silentLogger, type LogLevel, type Logger } from './logger.js';
export { Counter, createMetrics, type Metrics } from './metrics.js';
export { createAnthropicModel, type AnthropicModelConfig, type ModelClient, type ModelRequest } from './model-client.js';
export type { ModelReply } from './reply-accumulator.js';
export { createParley, type Parley, type ParleyOptions, type TurnGuard } from './parley.js';
export type { ParleyTool } from './tool-loop.js';
export { defineTool, type ToolOptions } from './define-tool.js';
export type * from './types.js';
export { storeCall } from './store-call.js';
export { withinTime } from './time-limit.js';
export { userMessageFor } from './user-messages.js';
export { ReplyBuilder, visibleText, type ReplyView, type ToolActivity } from './reply-view.js';
