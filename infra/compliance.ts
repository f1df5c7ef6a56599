import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * The cdk-nag rule packs every synth of the app runs (and the template tests
 * too: tests/infra/compliance.test.ts). A finding fails the synth unless it
 * is fixed or acknowledged, with its reason, next to the resource it is about
 * (`Validations.of(construct).acknowledge({ id, reason })`).
 */
export function addCompliancePacks(scope: IConstruct): void {
  Validations.of(scope).addPlugins(new AwsSolutionsChecks(scope), new HIPAASecurityChecks(scope));
}
