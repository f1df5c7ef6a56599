import type { CaseloadPosition } from './practice.model';

/** The contract's caseload orders. */
export type CaseloadOrder = 'DRIFT_RISK' | 'LAST_RECONNECTED' | 'NEWEST';

/** Sorts HIGH before MEDIUM before LOW in an ascending key. */
const RISK_RANK = { HIGH: '1', MEDIUM: '2', LOW: '3' } as const;

/**
 * The index attributes an ACTIVE grant carries, one ordering per index, all
 * in the practice's partitions, so each order of the caseload is one Query
 * with a key condition, whatever the caseload's size:
 * - NEWEST:           gsi1 `PRACTICE#<id>#CASELOAD`,     `<activeSince>#<coupleId>`, read descending
 * - LAST_RECONNECTED: gsi2 `PRACTICE#<id>#BY_RECONNECT`, `<anchor>#<coupleId>`, ascending (oldest reconnect first)
 * - DRIFT_RISK:       gsi3 `PRACTICE#<id>#BY_DRIFT`,     `<rank>#<anchor>#<coupleId>`, ascending
 * A grant that is not active carries none of them (sparse), so the caseload
 * holds exactly the active grants.
 */
export function caseloadIndexAttributes(
  practiceId: string,
  coupleId: string,
  activeSince: string,
  position: CaseloadPosition,
): Record<string, string> {
  return {
    gsi1pk: caseloadPartition(practiceId, 'NEWEST'),
    gsi1sk: `${activeSince}#${coupleId}`,
    gsi2pk: caseloadPartition(practiceId, 'LAST_RECONNECTED'),
    gsi2sk: `${position.reconnectAnchor}#${coupleId}`,
    gsi3pk: caseloadPartition(practiceId, 'DRIFT_RISK'),
    gsi3sk: `${RISK_RANK[position.driftRisk]}#${position.reconnectAnchor}#${coupleId}`,
  };
}

/** The index and its partition for one order of one practice's caseload. */
export function caseloadIndex(order: CaseloadOrder): { index: 'gsi1' | 'gsi2' | 'gsi3'; forward: boolean } {
  switch (order) {
    case 'NEWEST':
      return { index: 'gsi1', forward: false };
    case 'LAST_RECONNECTED':
      return { index: 'gsi2', forward: true };
    case 'DRIFT_RISK':
      return { index: 'gsi3', forward: true };
  }
}

const SUFFIX: Record<CaseloadOrder, string> = { NEWEST: 'CASELOAD', LAST_RECONNECTED: 'BY_RECONNECT', DRIFT_RISK: 'BY_DRIFT' };

/** The index partition of one order of a practice's caseload. */
export function caseloadPartition(practiceId: string, order: CaseloadOrder): string {
  return `PRACTICE#${practiceId}#${SUFFIX[order]}`;
}

/** The names of the caseload index attributes (removed together when a grant stops being active). */
export const CASELOAD_INDEX_ATTRIBUTES = ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'] as const;
