/**
 * Calls `onGone` once the process that started this one has exited (checked
 * every `intervalMs`, unref'd). A killed `npm start` (SIGKILL, or a SIGTERM
 * that npm does not pass on) leaves its child re-parented: the parent pid
 * changes, which is the sign we wait for. Returns a stop function.
 */
export function watchParent(onGone: () => void, intervalMs = 1_000): () => void {
  const parentPid = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parentPid) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
