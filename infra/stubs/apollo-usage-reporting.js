// Bundle-time stand-in for @apollo/utils.usagereporting (operation
// signatures for Apollo Studio, with lodash.sortby and friends: ≈35 KB of
// every Lambda that bundles Apollo Server). Like the protobuf stub beside it,
// it is only reached by the usage reporting plugin, which this API never
// enables (no APOLLO_KEY); any use fails loudly.
function disabled() {
  throw new Error('Apollo usage reporting is not bundled (infra/stubs/apollo-usage-reporting.js)');
}
export const usageReportingSignature = disabled;
export const calculateReferencedFieldsByType = disabled;
