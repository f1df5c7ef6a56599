// Bundle-time replacement for @apollo/utils.createhash. The original picks
// node:crypto through `module.require`, which is undefined inside an esbuild
// CommonJS wrapper, so in a bundle it always fell back to the pure-JavaScript
// sha.js (≈35 KB with its helpers, and slower hashing of every operation's
// query for Apollo's caches). On Lambda, node:crypto is always there.
export { createHash } from 'node:crypto';
