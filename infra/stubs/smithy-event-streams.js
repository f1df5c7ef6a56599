// Bundle-time stand-in for @smithy/core/event-streams (the event-stream
// codec and serde: ≈15 KB, and the SDK modules it drags in are kept as lazy
// wrappers). The SDK loads it only for operations whose input or output is
// an event stream; none of the clients bundled here (DynamoDB, KMS,
// EventBridge, SQS) has such an operation. Any use fails loudly.
function disabled() {
  throw new Error('SDK event streams are not bundled (infra/stubs/smithy-event-streams.js)');
}
export class EventStreamSerde {
  constructor() {
    disabled();
  }
}
export const eventStreamSerdeProvider = disabled;
