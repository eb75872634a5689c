/**
 * How long each start-up check may take. Long enough for a slow network's TLS handshake and one
 * answer, short enough that a wrong URL shows up at once rather than after the libraries' own
 * retries (Slack's client would keep trying for half an hour).
 */
export const STARTUP_CHECK_TIMEOUT_MS = 10_000;
