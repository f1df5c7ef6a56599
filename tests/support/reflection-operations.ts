/**
 * GraphQL operations and small flows for reflections and health tests
 * (kept apart from operations.ts so that domains grow their helpers without
 * touching each other's files).
 */
import { dataOf } from './operations';
import type { TestApi } from './test-api';

export const REFLECTION_FIELDS = `
  id body closeness feelings version createdAt updatedAt
  sharing { partner careTeam }
  author { id displayName }
  couple { id }
  session { id }
  prompt { id }
  revisions { version body closeness feelings sharing { partner careTeam } editedAt }
`;

export const WRITE_REFLECTION = `mutation($input: WriteReflectionInput!) { writeReflection(input: $input) { ${REFLECTION_FIELDS} } }`;

export const REVISE_REFLECTION = `mutation($input: ReviseReflectionInput!) { reviseReflection(input: $input) { ${REFLECTION_FIELDS} } }`;

export const DELETE_REFLECTION = `mutation($id: ID!) { deleteReflection(input: { reflectionId: $id }) { deletedId } }`;

export const REFLECTION_BY_ID = `query($id: ID!) { reflection(id: $id) { ${REFLECTION_FIELDS} } }`;

export const REFLECTION_NODE = `query($id: ID!) { node(id: $id) { id ... on Reflection { body revisions { body } } } }`;

export const COUPLE_REFLECTIONS = `query($id: ID!, $filter: ReflectionFilter, $first: Int, $after: String) {
  couple(id: $id) {
    reflections(filter: $filter, first: $first, after: $after) {
      edges { cursor node { id body createdAt feelings author { id } session { id } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const SESSION_REFLECTIONS = `query($id: ID!) { session(id: $id) { id bothParticipated reflections { id body author { id } } } }`;

export const HEALTH_FIELDS = `
  targetSessionsPerMonth sessionsLast30Days daysSinceLastReconnect closenessAverage30d closenessTrend
  participationBalance driftRisk driftSignals
`;

export const COUPLE_HEALTH = `query($id: ID!, $days: Int) {
  couple(id: $id) {
    id
    health { ${HEALTH_FIELDS} closenessSeries(days: $days) { date partner { id } closeness } }
  }
}`;

/** Writes a reflection as `sub` and returns it (REFLECTION_FIELDS). */
export async function writeReflection(api: TestApi, sub: string, coupleId: string, input: Record<string, unknown> = {}): Promise<any> {
  const response = await api.as(sub, WRITE_REFLECTION, { input: { coupleId, body: 'A reflection', ...input } });
  return dataOf(response, 'writeReflection').writeReflection;
}

/** The id of `sub`'s Person (the `me` query). */
export async function personIdOf(api: TestApi, sub: string): Promise<string> {
  return dataOf(await api.as(sub, '{ me { person { id } } }'), 'me').me.person.id;
}
