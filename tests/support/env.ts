/**
 * Runs in every test worker before the test file (jest `setupFiles`).
 * Dummy credentials are forced, not defaulted: tests only ever talk to
 * DynamoDB Local, and must never pick up a developer's real AWS identity.
 */
process.env.AWS_REGION ||= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;
// This project runs on Node 20 with an SDK line that warns below Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
