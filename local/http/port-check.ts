import net from 'node:net';

/**
 * Fails with a message naming the port and PORT when `port` is taken. Run
 * before DynamoDB Local starts, so that a second `npm start` says what is
 * wrong in a second instead of after java's start-up (and leaves no java
 * behind). A process could still take the port in between; `listen` then
 * reports the same message.
 */
export async function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  if (port === 0) return; // the OS picks a free one
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? portInUseError(port, error.code) : error);
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** The one message for a port the local server cannot listen on. */
export function portInUseError(port: number, code = 'EADDRINUSE'): Error {
  const why = code === 'EACCES' ? 'cannot be used by this user' : 'is already in use (another npm start?)';
  return new Error(`Port ${port} ${why}: stop that process, or pick another port with PORT, e.g. PORT=${port + 1} npm start`);
}
