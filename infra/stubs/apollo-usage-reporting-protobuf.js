// Bundle-time stand-in for @apollo/usage-reporting-protobuf (≈230 KB of the
// Lambda bundle). Apollo Server only loads it for Apollo Studio usage
// reporting and federated inline traces, which this API never enables (no
// APOLLO_KEY, not a subgraph). If that ever changes, remove the alias in
// infra/bundling.ts: until then any use fails loudly instead of silently.
const disabled = new Proxy(function () {}, {
  get() {
    throw new Error('Apollo usage reporting is not bundled (infra/stubs/apollo-usage-reporting-protobuf.js)');
  },
  construct() {
    throw new Error('Apollo usage reporting is not bundled (infra/stubs/apollo-usage-reporting-protobuf.js)');
  },
});
export const Trace = disabled;
export const Report = disabled;
export const ReportHeader = disabled;
export const google = disabled;
