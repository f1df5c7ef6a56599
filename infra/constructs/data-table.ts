import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { KEY_ATTRIBUTE_TYPE, TABLE_DEFINITION } from '../../functions/shared/data/table-definition';

// The definition is shared with DynamoDB Local; only the cloud-only settings
// (billing, backups, protection) live here.
const ATTRIBUTE_TYPES: Record<typeof KEY_ATTRIBUTE_TYPE, dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
};

function key(name: string): dynamodb.Attribute {
  return { name, type: ATTRIBUTE_TYPES[KEY_ATTRIBUTE_TYPE] };
}

/** The single Reconnect table, built from `TABLE_DEFINITION`. */
export class DataTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: { encryptionKey: kms.IKey }) {
    super(scope, id);

    // `Table` rather than `TableV2`: TableV2 synthesizes AWS::DynamoDB::GlobalTable,
    // and a single-region app has no use for replica management.
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: key(TABLE_DEFINITION.partitionKey),
      sortKey: key(TABLE_DEFINITION.sortKey),
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
      // Traffic comes in bursts (evenings, reminder sweeps) and is small on
      // average: on-demand costs nothing at rest and needs no capacity planning.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Couples' reflections are the product; a bad deploy or script must be
      // recoverable to the second, and neither a stack deletion nor a console
      // click may drop the table.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Our own key (rotated yearly), not the AWS-owned default: its use is
      // in CloudTrail, its policy is ours, and disabling it cuts off every
      // copy of the data at once.
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
    });

    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        // Every index query returns whole items, so no read ever has to go
        // back to the base table (which would double its cost and latency).
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }
}
