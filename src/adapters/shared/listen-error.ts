// A server that cannot listen at start-up, as one line naming the setting to change.
import { ConfigError } from '../../core/index.js';

/** One line naming PORT or HOST for a server that cannot listen. */
export function listenError(error: unknown, port: number, host: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new ConfigError([`PORT: ${port} is already in use on ${host}; stop whatever holds it or set PORT to a free port`]);
  if (code === 'EACCES') return new ConfigError([`PORT: ${port} needs privileges to listen on; use a port above 1023`]);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new ConfigError([`HOST: ${host} is not an address of this machine (try 0.0.0.0 or 127.0.0.1)`]);
  return error instanceof Error ? error : new Error(String(error));
}
