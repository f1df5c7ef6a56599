import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import cdkJson from '../../cdk.json';
import { addCompliancePacks } from '../../infra/compliance';
import { ReconnectStack } from '../../infra/reconnect-stack';

interface Violation {
  ruleName: string;
  violatingConstructs: { constructPath: string }[];
}

/** Every violation in the validation report CDK writes when a plugin fails. */
function violations(outdir: string): string[] {
  const file = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { pluginReports: { violations: Violation[] }[] };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`)),
  );
}

/**
 * cdk-nag's AwsSolutions and HIPAA.Security packs over the whole stack, as
 * `cdk synth` runs them (infra/app.ts): every finding is either fixed or
 * acknowledged in code, next to its resource, with its reason.
 */
describe('stack: cdk-nag (AwsSolutions, HIPAA.Security)', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconnect-nag-'));
  });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  function synthesizeWithPacks(props: ConstructorParameters<typeof ReconnectStack>[2] = {}, extra?: (stack: Stack) => void): string[] {
    const app = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    const stack = new ReconnectStack(app, 'Nag', { env: { region: 'eu-central-1' }, ...props });
    extra?.(stack);
    addCompliancePacks(app);
    try {
      app.synth();
    } catch (error) {
      const found = violations(outdir);
      if (found.length === 0) throw error;
      return found;
    }
    return violations(outdir);
  }

  it('leaves no unacknowledged finding', () => {
    expect(synthesizeWithPacks({ alarmEmail: 'ops@example.com' })).toEqual([]);
  }, 300_000);

  it('reports a finding that is neither fixed nor acknowledged (so the check above can fail)', () => {
    const found = synthesizeWithPacks({}, (stack) => new logs.LogGroup(stack, 'Unencrypted', { retention: logs.RetentionDays.ONE_DAY }));

    expect(found).toEqual(['HIPAA.Security-CloudWatchLogGroupEncrypted at Nag/Unencrypted/Resource']);
  }, 300_000);

  it("reports a * resource added to a Lambda role: X-Ray's acknowledgement covers only X-Ray's own policy", () => {
    const found = synthesizeWithPacks({}, (stack) => {
      const role = stack.node.findAll().find((c): c is iam.Role => c instanceof iam.Role && c.node.id === 'DispatchRole');
      role!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    });

    expect(found).toEqual(['AwsSolutions-IAM5[Resource::*] at Nag/Events/DispatchRole/DefaultPolicy/Resource']);
  }, 300_000);
});
