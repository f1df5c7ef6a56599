/**
 * Runs the authorization matrix (authorization-matrix.ts) through the real
 * handler: every query field, node type and mutation of the schema, as the
 * owner, the partner, a former partner, a stranger, a person of another
 * couple, and members of three practices (no grant, SUMMARY, REFLECTIONS). The list of what to check comes from the schema, so a new field or
 * mutation fails this test until it is classified.
 */
import { buildSchema, isInterfaceType, isObjectType } from 'graphql';
import { typeDefs } from '../../functions/graphql/generated/type-defs';
import { buildCoupleWorld, ghostTargets, otherCoupleSub, strangerSub, type PracticeCallers, type Targets } from '../support/security-world';
import { createTestApi, type GraphqlResponse, type TestApi } from '../support/test-api';
import {
  AUTHORIZATION_MATRIX,
  ROLES,
  type Classification,
  type MatrixEntry,
  type Outcome,
  type Role,
  type SelfEntry,
} from './authorization-matrix';

/** What the schema exposes: `Query.<field>`, `Mutation.<field>`, `Node.<Type>`. */
function schemaSurface(): string[] {
  const schema = buildSchema(typeDefs);
  const fieldsOf = (root: string) => {
    const type = schema.getType(root);
    return type && isObjectType(type) ? Object.keys(type.getFields()).map((f) => `${root}.${f}`) : [];
  };
  const node = schema.getType('Node');
  const nodeTypes = node && isInterfaceType(node) ? schema.getPossibleTypes(node).map((t) => `Node.${t.name}`) : [];
  return [...fieldsOf('Query'), ...fieldsOf('Mutation'), ...nodeTypes].sort();
}

const isMatrix = (c: Classification): c is MatrixEntry => 'operation' in c;
const isSelf = (c: Classification): c is SelfEntry => 'self' in c;

const SURFACE = schemaSurface();
const MATRIX_KEYS = SURFACE.filter((key) => AUTHORIZATION_MATRIX[key] && isMatrix(AUTHORIZATION_MATRIX[key]!));
const SELF_KEYS = SURFACE.filter((key) => AUTHORIZATION_MATRIX[key] && isSelf(AUTHORIZATION_MATRIX[key]!));

/** The answer with volatile parts (ids and times inside messages do not occur; data does) reduced to what a client compares. */
function shape(response: GraphqlResponse): unknown {
  return {
    status: response.status,
    data: response.data,
    errors: (response.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code, path: e.path })),
  };
}

function rootValue(response: GraphqlResponse): unknown {
  const data = response.data as Record<string, unknown> | null | undefined;
  if (!data) return null;
  const [first] = Object.values(data);
  return first ?? null;
}

function outcomeOf(response: GraphqlResponse): string {
  const codes = (response.errors ?? []).map((e) => String(e.extensions?.code));
  if (codes.length === 0) return rootValue(response) === null ? 'null' : 'allowed';
  return codes.join(',');
}

describe('authorization matrix', () => {
  let api: TestApi;
  /** partner, stranger and otherCouple act on this ACTIVE couple's objects. */
  let active: Targets;
  /** formerPartner acts on this ENDED couple's objects. */
  let ended: Targets;
  let callers: Record<Role, string>;

  beforeAll(async () => {
    api = await createTestApi('authz');
    [active, ended] = await Promise.all([
      buildCoupleWorld(api, { label: 'act', practices: true }),
      buildCoupleWorld(api, { ended: true, label: 'end', practices: true }),
    ]);
    const practices = active.practices as NonNullable<Targets['practices']>;
    callers = {
      partner: active.partnerSub,
      formerPartner: ended.partnerSub,
      stranger: strangerSub(),
      otherCouple: await otherCoupleSub(api),
      ...practices,
    };
  }, 120_000);
  afterAll(() => api.drop());

  it('classifies every query field, node type and mutation of the schema', () => {
    // act
    const unclassified = SURFACE.filter((key) => !AUTHORIZATION_MATRIX[key]);
    const stale = Object.keys(AUTHORIZATION_MATRIX).filter((key) => !SURFACE.includes(key));

    // assert
    expect({ unclassified, stale }).toEqual({ unclassified: [], stale: [] });
    expect(SURFACE).toEqual(expect.arrayContaining(['Query.node', 'Node.Couple', 'Node.Reflection', 'Mutation.leaveCouple']));
  });

  /** Runs `entry` as `sub` on `targets`, checks `expected`. */
  async function check(entry: MatrixEntry, sub: string, targets: Targets, expected: Outcome): Promise<void> {
    const { query, variables } = entry.operation(targets);
    const response = await api.as(sub, query, variables);
    const text = JSON.stringify(response);
    switch (expected) {
      case 'allowed':
        expect(outcomeOf(response)).toBe('allowed');
        return;
      case 'forbidden':
        expect(outcomeOf(response)).toBe('FORBIDDEN');
        break;
      case 'conflict':
        expect(outcomeOf(response)).toBe('CONFLICT');
        break;
      case 'hidden': {
        const absent = entry.operation(ghostTargets(targets));
        const ghost = await api.as(sub, absent.query, absent.variables);
        expect(shape(response)).toEqual(shape(ghost));
        expect(['null', 'NOT_FOUND']).toContain(outcomeOf(response));
        break;
      }
    }
    // Refused or hidden: nothing the owner wrote comes back.
    for (const secret of targets.ownerSecrets) expect(text).not.toContain(secret);
  }

  describe.each(MATRIX_KEYS)('%s', (key) => {
    const entry = AUTHORIZATION_MATRIX[key] as MatrixEntry;

    it('works for the owner (so a refusal below is a refusal, not a broken operation)', async () => {
      // prepare
      const targets = entry.destructive ? await buildCoupleWorld(api, { label: 'own', practices: true }) : active;

      // act / assert
      await check(entry, targets.ownerSub, targets, entry.owner ?? 'allowed');
    });

    it.each(ROLES)('as %s', async (role) => {
      // prepare
      const expected = entry.expect[role];
      let targets = role === 'formerPartner' ? ended : active;
      let sub = callers[role];
      if (entry.destructive && expected === 'allowed') {
        // It will change the objects: give this caller fresh ones of its own.
        targets = await buildCoupleWorld(api, { ended: role === 'formerPartner', label: role.slice(0, 3), practices: true });
        sub =
          role === 'partner' || role === 'formerPartner'
            ? targets.partnerSub
            : (targets.practices as PracticeCallers)[role as keyof PracticeCallers];
      }

      // act / assert
      await check(entry, sub, targets, expected);
    });
  });

  it.each(SELF_KEYS)('%s acts on the caller alone and returns nothing of anyone else', async (key) => {
    // prepare
    const entry = AUTHORIZATION_MATRIX[key] as SelfEntry;
    const { query, variables } = entry.self(active);

    // act
    const response = await api.as(strangerSub(), query, variables);

    // assert
    expect(response.errors?.every((e) => e.extensions?.code === 'BAD_USER_INPUT') ?? true).toBe(true);
    const text = JSON.stringify(response);
    for (const id of [active.coupleId, active.ownerPersonId, ...active.ownerSecrets]) expect(text).not.toContain(id);
  });
});
