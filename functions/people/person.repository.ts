import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type DataLoader from 'dataloader';
import { createItemLoader } from '../shared/data/item-loader';
import { getConsistent, type Item, type Key, type TableContext } from '../shared/data/table';
import type { LabelledAction } from '../shared/data/transaction';
import type { Person } from './person.model';

/** Key of a person's profile item; the profile also holds the person → couple link. */
export function personKey(personId: string): Key {
  return { pk: `PERSON#${personId}`, sk: 'PROFILE' };
}

function toPerson(item: Item): Person {
  return {
    id: String(item.personId),
    displayName: String(item.displayName),
    timezone: (item.timezone as string | undefined) ?? null,
    createdAt: String(item.createdAt),
    activeCoupleId: (item.activeCoupleId as string | undefined) ?? null,
  };
}

/**
 * The `SET` clauses that create a profile on first use without touching an
 * existing one, so that joining or creating a couple also creates the
 * person, in the same transaction.
 */
function profileCreationClauses(personId: string, displayName: string, now: string) {
  return {
    clauses: [
      'personId = if_not_exists(personId, :personId)',
      'displayName = if_not_exists(displayName, :displayName)',
      'createdAt = if_not_exists(createdAt, :createdAt)',
    ],
    values: { ':personId': personId, ':displayName': displayName, ':createdAt': now },
  };
}

/** Data access for people. One instance per request: its loader batches and caches reads. */
export class PersonRepository {
  private readonly loader: DataLoader<string, Person | null, string>;

  constructor(private readonly table: TableContext) {
    this.loader = createItemLoader(table, personKey, toPerson);
  }

  /** A person by id (batched with other loads in the same tick). */
  get(personId: string): Promise<Person | null> {
    return this.loader.load(personId);
  }

  /** Strongly consistent read, for decisions that must see the latest membership. */
  async getConsistent(personId: string): Promise<Person | null> {
    const item = await getConsistent(this.table, personKey(personId));
    return item ? toPerson(item) : null;
  }

  /** Creates the person if absent and returns the stored record (one request either way). */
  async ensure(personId: string, displayName: string, now: string): Promise<Person> {
    const creation = profileCreationClauses(personId, displayName, now);
    const result = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: personKey(personId),
        UpdateExpression: `SET ${creation.clauses.join(', ')}`,
        ExpressionAttributeValues: creation.values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    const person = toPerson(result.Attributes as Item);
    this.loader.prime(personId, person);
    return person;
  }

  /** Sets the given profile fields (creating the person if needed) and returns the result. */
  async updateProfile(
    personId: string,
    changes: { displayName?: string; timezone?: string | null },
    defaults: { displayName: string; now: string },
  ): Promise<Person> {
    const creation = profileCreationClauses(personId, defaults.displayName, defaults.now);
    const set = [...creation.clauses.filter((c) => !(changes.displayName !== undefined && c.startsWith('displayName')))];
    const remove: string[] = [];
    const values: Record<string, unknown> = { ...creation.values };
    if (changes.displayName !== undefined) {
      set.push('displayName = :newName');
      values[':newName'] = changes.displayName;
      delete values[':displayName'];
    }
    if (changes.timezone === null) remove.push('#timezone');
    else if (changes.timezone !== undefined) {
      set.push('#timezone = :timezone');
      values[':timezone'] = changes.timezone;
    }
    const result = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: personKey(personId),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        // `timezone` is a DynamoDB reserved word.
        ...(changes.timezone !== undefined ? { ExpressionAttributeNames: { '#timezone': 'timezone' } } : {}),
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    const person = toPerson(result.Attributes as Item);
    this.loader.clear(personId).prime(personId, person);
    return person;
  }

  /**
   * The transaction action that makes `personId` a member of `coupleId`
   * (creating the person on first use) only if they are in no other
   * non-ENDED couple: the condition behind "one couple per person", under
   * any concurrency.
   */
  joinCoupleAction(personId: string, coupleId: string, displayName: string, now: string): LabelledAction<'person-already-in-couple'> {
    const creation = profileCreationClauses(personId, displayName, now);
    return {
      action: {
        Update: {
          TableName: this.table.tableName,
          Key: personKey(personId),
          UpdateExpression: `SET ${creation.clauses.join(', ')}, activeCoupleId = :coupleId`,
          ConditionExpression: 'attribute_not_exists(activeCoupleId)',
          ExpressionAttributeValues: { ...creation.values, ':coupleId': coupleId },
        },
      },
      onFailure: 'person-already-in-couple',
    };
  }

  /** The transaction action that frees `personId` from `coupleId` (only if that is still their couple). */
  leaveCoupleAction(personId: string, coupleId: string): LabelledAction<'couple-changed'> {
    return {
      action: {
        Update: {
          TableName: this.table.tableName,
          Key: personKey(personId),
          UpdateExpression: 'REMOVE activeCoupleId',
          ConditionExpression: 'activeCoupleId = :coupleId',
          ExpressionAttributeValues: { ':coupleId': coupleId },
        },
      },
      onFailure: 'couple-changed',
    };
  }

  /** Forgets cached reads after a write elsewhere changed the person. */
  forget(personId: string): void {
    this.loader.clear(personId);
  }
}
