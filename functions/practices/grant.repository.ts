import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { coupleKey } from '../couples/couple-keys';
import type { Item, Key, TableContext } from '../shared/data/table';
import { Transaction } from '../shared/data/transaction';
import type { Page } from '../shared/pagination/cursor';
import { mapPage, queryIndexPage } from '../shared/pagination/query-page';
import { CASELOAD_INDEX_ATTRIBUTES, caseloadIndex, caseloadIndexAttributes, caseloadPartition, type CaseloadOrder } from './caseload';
import type { CareGrant, CareScope, CaseloadPosition, PartnerGrant } from './practice.model';
import type { PracticeRepository } from './practice.repository';

/*
 * Care grants: pk = COUPLE#<coupleId>, sk = CARE#<practiceId> (a couple's
 * grants are one Query; one item per couple and practice holds both
 * partners' consents, so two partners granting at once are ordered by the
 * item's version, never lost). While active it carries the caseload index
 * attributes (caseload.ts) and driftRisk / reconnectAnchor.
 */

/** Key of a couple's grant to one practice. */
export function grantKey(coupleId: string, practiceId: string): Key {
  return { pk: coupleKey(coupleId).pk, sk: `CARE#${practiceId}` };
}

function toGrant(item: Item): CareGrant {
  const caseload =
    item.driftRisk && item.reconnectAnchor
      ? { driftRisk: item.driftRisk as CaseloadPosition['driftRisk'], reconnectAnchor: String(item.reconnectAnchor) }
      : null;
  return {
    coupleId: String(item.coupleId),
    practiceId: String(item.practiceId),
    partnerGrants: ((item.partnerGrants as PartnerGrant[] | undefined) ?? []).map((g) => ({
      personId: String(g.personId),
      scope: g.scope as CareScope,
      grantedAt: String(g.grantedAt),
    })),
    active: item.active === true,
    scope: (item.scope as CareScope | undefined) ?? 'SUMMARY',
    activeSince: (item.activeSince as string | undefined) ?? null,
    revokedAt: (item.revokedAt as string | undefined) ?? null,
    revokedBy: (item.revokedBy as string | undefined) ?? null,
    caseload: item.active === true ? caseload : null,
    version: Number(item.version ?? 0),
  };
}

/** The full item of a grant, with the caseload index attributes only while active. */
export function grantItem(grant: CareGrant): Item {
  return {
    ...grantKey(grant.coupleId, grant.practiceId),
    type: 'CareGrant',
    coupleId: grant.coupleId,
    practiceId: grant.practiceId,
    partnerGrants: grant.partnerGrants,
    active: grant.active,
    scope: grant.scope,
    activeSince: grant.activeSince ?? undefined,
    revokedAt: grant.revokedAt ?? undefined,
    revokedBy: grant.revokedBy ?? undefined,
    version: grant.version,
    ...(grant.active && grant.activeSince && grant.caseload
      ? {
          driftRisk: grant.caseload.driftRisk,
          reconnectAnchor: grant.caseload.reconnectAnchor,
          ...caseloadIndexAttributes(grant.practiceId, grant.coupleId, grant.activeSince, grant.caseload),
        }
      : {}),
  };
}

/** Why a grant write was refused. */
export type GrantWriteOutcome = 'ok' | 'grant-changed' | 'couple-changed' | 'practice-missing' | 'retry';

/** Data access for care grants and the caseload they form. One instance per request. */
export class GrantRepository {
  /** Per request: a couple's grants, read once however many fields ask (a revoke shows at the next request). */
  private readonly byCouple = new Map<string, Promise<CareGrant[]>>();

  constructor(
    private readonly table: TableContext,
    private readonly practices: PracticeRepository,
  ) {}

  /** Every grant of a couple (active or not), strongly consistent, cached for this request. */
  grantsOf(coupleId: string): Promise<CareGrant[]> {
    let grants = this.byCouple.get(coupleId);
    if (!grants) {
      grants = this.table.client
        .send(
          new QueryCommand({
            TableName: this.table.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :care)',
            ExpressionAttributeValues: { ':pk': coupleKey(coupleId).pk, ':care': 'CARE#' },
            ConsistentRead: true,
          }),
        )
        .then((result) => (result.Items ?? []).map(toGrant));
      this.byCouple.set(coupleId, grants);
    }
    return grants;
  }

  /** One grant, strongly consistent, before a write. */
  async getConsistent(coupleId: string, practiceId: string): Promise<CareGrant | null> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: grantKey(coupleId, practiceId), ConsistentRead: true }),
    );
    return result.Item ? toGrant(result.Item) : null;
  }

  /**
   * Writes a grant if it is still at `previous.version` (absent for version
   * 0), in one transaction with the practice's caseload count (when it
   * enters or leaves the caseload) and `alsoWrite` (e.g. a check that the
   * couple is still ACTIVE).
   */
  async save(
    updated: CareGrant,
    previous: CareGrant,
    alsoWrite: readonly { action: object; onFailure: GrantWriteOutcome }[] = [],
  ): Promise<GrantWriteOutcome> {
    const delta = (updated.active ? 1 : 0) - (previous.active ? 1 : 0);
    const outcome = (await new Transaction(this.table)
      .add(
        ...[
          {
            action: {
              Put: {
                TableName: this.table.tableName,
                Item: grantItem(updated),
                ...(previous.version === 0
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': previous.version } }),
              },
            },
            onFailure: 'grant-changed',
          },
          ...(delta !== 0
            ? [{ action: this.practices.caseloadCountUpdate(updated.practiceId, delta), onFailure: 'practice-missing' as const }]
            : []),
          ...alsoWrite,
        ],
      )
      .commit()) as GrantWriteOutcome;
    if (outcome === 'ok') {
      this.byCouple.delete(updated.coupleId);
      if (delta !== 0) this.practices.forget(updated.practiceId);
    }
    return outcome;
  }

  /**
   * Erasure: puts `replacementId` where `personId` stands in the couple's
   * grants (a consent, or the revoke), version-checked with a re-read on a
   * lost race; false if a grant kept changing. Run after the couple ended,
   * which already emptied every consent.
   */
  async replacePerson(coupleId: string, personId: string, replacementId: string): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const grants = await this.grantsOfConsistent(coupleId);
      const holding = grants.filter((g) => g.revokedBy === personId || g.partnerGrants.some((p) => p.personId === personId));
      if (holding.length === 0) return true;
      let lost = false;
      for (const grant of holding) {
        const updated: CareGrant = {
          ...grant,
          partnerGrants: grant.partnerGrants.map((p) => (p.personId === personId ? { ...p, personId: replacementId } : p)),
          revokedBy: grant.revokedBy === personId ? replacementId : grant.revokedBy,
          version: grant.version + 1,
        };
        if ((await this.save(updated, grant)) !== 'ok') lost = true;
      }
      if (!lost) return true;
    }
    return false;
  }

  /** Every grant of a couple, strongly consistent and uncached (a write is about to rely on it). */
  async grantsOfConsistent(coupleId: string): Promise<CareGrant[]> {
    this.byCouple.delete(coupleId);
    return this.grantsOf(coupleId);
  }

  /**
   * The transaction actions that end every grant of a couple that ends: each
   * grant loses its consents and leaves the caseload (version-checked, so a
   * grant changing meanwhile makes the couple's transaction re-read).
   */
  endActions(grants: readonly CareGrant[], at: string): object[] {
    return grants
      .filter((g) => g.active || g.partnerGrants.length > 0)
      .flatMap((grant) => {
        const ended: CareGrant = {
          ...grant,
          partnerGrants: [],
          active: false,
          scope: 'SUMMARY',
          activeSince: null,
          revokedAt: at,
          revokedBy: null,
          caseload: null,
          version: grant.version + 1,
        };
        return [
          {
            Put: {
              TableName: this.table.tableName,
              Item: grantItem(ended),
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: { ':version': grant.version },
            },
          },
          ...(grant.active ? [this.practices.caseloadCountUpdate(grant.practiceId, -1)] : []),
        ];
      });
  }

  /**
   * A page of a practice's caseload in `order`: ONE Query of the order's
   * index with a key condition, whatever the caseload's size (plus nothing
   * else: totalCount is the practice item's counter).
   */
  async caseloadPage(practiceId: string, order: CaseloadOrder, first: number, after?: string | null): Promise<Page<CareGrant>> {
    const { index, forward } = caseloadIndex(order);
    const page = await queryIndexPage(this.table, { index, partitionKey: caseloadPartition(practiceId, order), forward, first, after });
    return mapPage(page, toGrant);
  }

  /**
   * A transaction action checking that the grant is still active with at
   * least `scope`: a care-team read commits its access-log entry with it, so
   * a read racing a revoke either commits first or returns nothing.
   */
  activeCheck(coupleId: string, practiceId: string, scope: CareScope) {
    return {
      ConditionCheck: {
        TableName: this.table.tableName,
        Key: grantKey(coupleId, practiceId),
        ConditionExpression: scope === 'REFLECTIONS' ? 'active = :true AND #scope = :reflections' : 'active = :true',
        ...(scope === 'REFLECTIONS' ? { ExpressionAttributeNames: { '#scope': 'scope' } } : {}),
        ExpressionAttributeValues: { ':true': true, ...(scope === 'REFLECTIONS' ? { ':reflections': 'REFLECTIONS' } : {}) },
      },
    };
  }

  /**
   * A transaction action moving an active grant in the caseload orders
   * (drift level, last reconnect). Built by the writers that change them, in
   * their own transaction; a grant that stopped being active meanwhile fails
   * the condition and the writer re-reads. It bumps the grant's version, so a
   * consent write that read the grant before (and Puts the whole item) fails
   * its version condition and re-reads, instead of putting back the old
   * position.
   */
  positionAction(grant: CareGrant, position: CaseloadPosition) {
    const attributes = caseloadIndexAttributes(grant.practiceId, grant.coupleId, grant.activeSince ?? '', position);
    return {
      Update: {
        TableName: this.table.tableName,
        Key: grantKey(grant.coupleId, grant.practiceId),
        UpdateExpression: 'SET driftRisk = :risk, reconnectAnchor = :anchor, gsi2sk = :gsi2sk, gsi3sk = :gsi3sk ADD version :one',
        ConditionExpression: 'active = :true',
        ExpressionAttributeValues: {
          ':one': 1,
          ':risk': position.driftRisk,
          ':anchor': position.reconnectAnchor,
          ':gsi2sk': attributes.gsi2sk,
          ':gsi3sk': attributes.gsi3sk,
          ':true': true,
        },
      },
    };
  }

  /** Names of the caseload index attributes, for documentation and tests. */
  static readonly indexAttributes = CASELOAD_INDEX_ATTRIBUTES;
}
