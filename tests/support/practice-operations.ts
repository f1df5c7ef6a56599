import { dataOf } from './operations';
import type { TestApi } from './test-api';

/** GraphQL operations and helpers for practices tests (tests/practices). */

export const CREATE_PRACTICE = `mutation($name: String!) { createPractice(input: { name: $name }) { id name members { role person { id displayName } } } }`;

export const ADD_MEMBER = `mutation($practiceId: ID!, $personId: ID!, $role: PracticeRole!) {
  addPracticeMember(input: { practiceId: $practiceId, personId: $personId, role: $role }) { id members { role person { id } } }
}`;

export const REMOVE_MEMBER = `mutation($practiceId: ID!, $personId: ID!) {
  removePracticeMember(input: { practiceId: $practiceId, personId: $personId }) { id members { role person { id } } }
}`;

export const CREATE_PROMPT = `mutation($input: CreatePromptInput!) { createPrompt(input: $input) { id text theme depth followUps archived practice { id } } }`;

export const ARCHIVE_PROMPT = `mutation($id: ID!) { archivePrompt(input: { promptId: $id }) { id archived } }`;

export const GRANT = `mutation($coupleId: ID!, $practiceId: ID!, $scope: CareScope!) {
  grantCareAccess(input: { coupleId: $coupleId, practiceId: $practiceId, scope: $scope }) {
    active scope grantedAt revokedAt grantedBy { id } practice { id name }
  }
}`;

export const REVOKE = `mutation($coupleId: ID!, $practiceId: ID!) {
  revokeCareAccess(input: { coupleId: $coupleId, practiceId: $practiceId }) { active scope revokedAt grantedBy { id } }
}`;

export const CASELOAD = `query($id: ID!, $orderBy: CaseloadOrder, $first: Int, $after: String) {
  practice(id: $id) {
    couples(orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { scope grantedAt couple { id } } }
    }
  }
}`;

export const ACCESS_LOG = `query($id: ID!) { couple(id: $id) { accessLog { edges { node { at action actor { id } practice { id } } } } } }`;

export const CARE_TEAM = `query($id: ID!) { couple(id: $id) { careTeam { active scope grantedAt revokedAt grantedBy { id } practice { id name } } } }`;

/** A practice created by `admin`; returns its global id. */
export async function createPractice(api: TestApi, admin: string, name = 'Harbor Counseling'): Promise<string> {
  return dataOf(await api.as(admin, CREATE_PRACTICE, { name }), 'createPractice').createPractice.id;
}

/** The caller's global person id (creating the person). */
export async function personId(api: TestApi, sub: string): Promise<string> {
  return dataOf(await api.as(sub, '{ me { person { id } } }'), 'me').me.person.id;
}

/** Adds `sub` (created first) to the practice with `role`, as `admin`. */
export async function addMember(api: TestApi, admin: string, practiceId: string, sub: string, role: 'ADMIN' | 'COUNSELOR'): Promise<void> {
  const id = await personId(api, sub);
  dataOf(await api.as(admin, ADD_MEMBER, { practiceId, personId: id, role }), 'addPracticeMember');
}

/** Both partners grant the practice; returns the second grant. */
export async function grantBoth(
  api: TestApi,
  partners: readonly [string, string],
  coupleId: string,
  practiceId: string,
  scopes: readonly ['SUMMARY' | 'REFLECTIONS', 'SUMMARY' | 'REFLECTIONS'] = ['REFLECTIONS', 'REFLECTIONS'],
): Promise<any> {
  dataOf(await api.as(partners[0], GRANT, { coupleId, practiceId, scope: scopes[0] }), 'grant 1');
  return dataOf(await api.as(partners[1], GRANT, { coupleId, practiceId, scope: scopes[1] }), 'grant 2').grantCareAccess;
}

/** The couple's access log as its partner `sub` reads it (newest first). */
export async function accessLogOf(
  api: TestApi,
  sub: string,
  coupleId: string,
): Promise<{ action: string; actor: { id: string }; at: string }[]> {
  return dataOf(await api.as(sub, ACCESS_LOG, { id: coupleId }), 'accessLog').couple.accessLog.edges.map((e: { node: unknown }) => e.node);
}
