// Kills a child process (DynamoDB Local's java) once its parent process is
// gone. Plain JS and spawned detached with `node watchdog.js <parentPid>
// <targetPid>`, so it survives a SIGKILL of the parent (a killed jest, a
// closed terminal) - the case where the parent's own exit handlers never run.
'use strict';

const fs = require('node:fs');

const parentPid = Number(process.argv[2]);
const targetPid = Number(process.argv[3]);
const POLL_MS = 500;
const KILL_GRACE_MS = 3000;

if (!Number.isInteger(parentPid) || !Number.isInteger(targetPid)) {
  process.stderr.write('usage: node watchdog.js <parentPid> <targetPid>\n');
  process.exit(2);
}

function isZombie(pid) {
  // An exited process stays a zombie until reaped; some init processes (in
  // containers and micro-VMs) reap late, and kill(pid, 0) still succeeds.
  try {
    return /^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false; // no /proc (macOS): rely on kill(pid, 0)
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM means it exists but belongs to someone else: still alive.
    return error.code === 'EPERM';
  }
  return !isZombie(pid);
}

// A dead parent that was not yet reaped still answers kill(pid, 0); being
// re-parented (our ppid changes) is the reliable sign that it has exited.
function parentGone() {
  return process.ppid !== parentPid || !isAlive(parentPid);
}

const timer = setInterval(() => {
  if (!isAlive(targetPid)) process.exit(0);
  if (!parentGone()) return;
  clearInterval(timer);
  try {
    process.kill(targetPid, 'SIGTERM');
  } catch {
    process.exit(0);
  }
  // Java normally exits on SIGTERM within a second; SIGKILL if it hangs.
  const deadline = Date.now() + KILL_GRACE_MS;
  setInterval(() => {
    if (!isAlive(targetPid)) process.exit(0);
    if (Date.now() < deadline) return;
    try {
      process.kill(targetPid, 'SIGKILL');
    } catch {
      // already gone
    }
    process.exit(0);
  }, 100);
}, POLL_MS);
