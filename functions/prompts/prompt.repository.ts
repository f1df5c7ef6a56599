import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type DataLoader from 'dataloader';
import { createItemLoader } from '../shared/data/item-loader';
import { queryAll } from '../shared/data/query-all';
import { conditionalUpdate, type Item, type Key, type TableContext } from '../shared/data/table';
import { builtinPrompts } from './library/builtin-prompts';
import { isPracticePromptId, type Prompt } from './prompt.model';

/** Position of every prompt of a library, built once per library (once per container for the built-in one). */
const INDEXES = new WeakMap<readonly Prompt[], ReadonlyMap<string, number>>();

function indexOf(library: readonly Prompt[]): ReadonlyMap<string, number> {
  let index = INDEXES.get(library);
  if (!index) {
    index = new Map(library.map((prompt, position) => [prompt.id, position]));
    INDEXES.set(library, index);
  }
  return index;
}

/*
 * Practice prompts: pk = PROMPT#<id>, sk = PROMPT (id `pp-<uuid>`),
 * gsi1pk = PRACTICE#<practiceId>#PROMPTS, gsi1sk = <createdAt>#<id>.
 * Archived by a flag, never deleted: sessions and assignments keep them.
 */

/** Key of a practice prompt. */
export function practicePromptKey(promptId: string): Key {
  return { pk: `PROMPT#${promptId}`, sk: 'PROMPT' };
}

function practicePromptsPartition(practiceId: string): string {
  return `PRACTICE#${practiceId}#PROMPTS`;
}

function toPracticePrompt(item: Item): Prompt {
  return {
    id: String(item.promptId),
    text: String(item.text),
    theme: item.theme as Prompt['theme'],
    depth: item.depth as Prompt['depth'],
    followUps: ((item.followUps as string[] | undefined) ?? []).map(String),
    archived: item.archived === true,
    practiceId: String(item.practiceId),
    createdAt: String(item.createdAt),
  };
}

/**
 * Access to prompts. The built-in library ships as versioned data with the
 * code, so drawing and listing it never touch the table; practices' prompts
 * are table items read through the same class (batched per request).
 */
export class PromptRepository {
  private readonly practicePrompts: DataLoader<string, Prompt | null, string> | null;

  /**
   * @param given the library; tests pass their own (e.g. with an archived prompt). Default: the
   *   built-in one, built on first use (a request that never touches a prompt never builds it).
   * @param table where practice prompts live; without it only the library exists.
   */
  constructor(
    private readonly given: readonly Prompt[] | undefined = undefined,
    private readonly table: TableContext | null = null,
  ) {
    this.practicePrompts = table ? createItemLoader(table, practicePromptKey, toPracticePrompt) : null;
  }

  private get builtin(): readonly Prompt[] {
    return this.given ?? builtinPrompts();
  }

  private get index(): ReadonlyMap<string, number> {
    return indexOf(this.builtin);
  }

  /** A built-in prompt by id, archived ones included (old sessions keep resolving them); null for practice prompts. */
  get(promptId: string): Prompt | null {
    const position = this.index.get(promptId);
    return position === undefined ? null : (this.builtin[position] ?? null);
  }

  /** Any prompt by id: the library's in memory, a practice's from the table (batched, cached per request). */
  async load(promptId: string): Promise<Prompt | null> {
    if (!isPracticePromptId(promptId)) return this.get(promptId);
    return this.practicePrompts ? this.practicePrompts.load(promptId) : null;
  }

  /** The library in its stable order (the order of builtin-prompts.ts, which ids never change). */
  library(): readonly Prompt[] {
    return this.builtin;
  }

  /** Where `promptId` stands in the library order; undefined for an unknown id. */
  positionOf(promptId: string): number | undefined {
    return this.index.get(promptId);
  }

  /** Every prompt of a practice, oldest first (a practice writes tens or hundreds; one Query per MB). */
  async ofPractice(practiceId: string): Promise<Prompt[]> {
    if (!this.table) return [];
    const items = await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': practicePromptsPartition(practiceId) },
    });
    return items.map(toPracticePrompt);
  }

  /** Stores a new practice prompt. */
  async create(prompt: Prompt & { practiceId: string; createdAt: string }): Promise<void> {
    const table = this.requireTable();
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...practicePromptKey(prompt.id),
          type: 'PracticePrompt',
          promptId: prompt.id,
          text: prompt.text,
          theme: prompt.theme,
          depth: prompt.depth,
          followUps: [...prompt.followUps],
          archived: false,
          practiceId: prompt.practiceId,
          createdAt: prompt.createdAt,
          gsi1pk: practicePromptsPartition(prompt.practiceId),
          gsi1sk: `${prompt.createdAt}#${prompt.id}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    this.practicePrompts?.prime(prompt.id, prompt);
  }

  /** Marks a practice prompt archived (idempotent); it stays readable forever. */
  async archive(promptId: string): Promise<Prompt | null> {
    const table = this.requireTable();
    (
      await conditionalUpdate(table, {
        Key: practicePromptKey(promptId),
        UpdateExpression: 'SET archived = :true',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':true': true },
      })
    ).applied;
    this.practicePrompts?.clear(promptId);
    const result = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: practicePromptKey(promptId), ConsistentRead: true }),
    );
    return result.Item ? toPracticePrompt(result.Item) : null;
  }

  private requireTable(): TableContext {
    if (!this.table) throw new Error('PromptRepository has no table: practice prompts need one');
    return this.table;
  }
}
