// Slack and Discord served by one process through the real startApp(config), every outside service
// faked on 127.0.0.1. Here the app loads both client libraries itself, in its own order.
import { describe } from 'vitest';
import { bothPlatformsBehaviours } from './both-platforms-behaviours.js';

describe('Slack and Discord in one process', () => {
  bothPlatformsBehaviours();
});
