import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** Options for {@link createLambdaContext}. */
export interface LambdaContextOptions {
  functionName?: string;
  /** The Lambda's configured timeout; drives `getRemainingTimeInMillis`. */
  timeoutMs?: number;
  awsRequestId?: string;
}

/**
 * A minimal Lambda `Context` for invoking a handler in-process, with the
 * fields handlers and loggers commonly read (request id, function name,
 * remaining time). The callback-style `done`/`fail`/`succeed` are
 * deprecated and unused by async handlers; they throw so misuse is loud.
 */
export function createLambdaContext(options: LambdaContextOptions = {}): Context {
  const functionName = options.functionName ?? 'reconnect-graphql-local';
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const unsupported = (): never => {
    throw new Error('Callback-style Lambda context methods are not supported locally; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
