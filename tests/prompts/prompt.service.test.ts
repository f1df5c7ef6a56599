import { builtinPrompts } from '../../functions/prompts/library/builtin-prompts';
import type { Prompt } from '../../functions/prompts/prompt.model';
import { PromptRepository } from '../../functions/prompts/prompt.repository';
import { PromptService } from '../../functions/prompts/prompt.service';
import { ALL_SCOPES } from '../../functions/shared/auth/scopes';

const actor = { personId: 'reader', scopes: new Set(ALL_SCOPES) };

describe('PromptService with archived prompts', () => {
  const retired: Prompt = { ...(builtinPrompts()[1] as Prompt), archived: true };
  const library = [builtinPrompts()[0] as Prompt, retired, builtinPrompts()[2] as Prompt];
  const service = new PromptService(new PromptRepository(library));

  it('leaves archived prompts out of the list by default', async () => {
    // act
    const page = await service.list(actor, { first: 10 });

    // assert
    expect(page.items.map((e) => e.node.id)).toEqual([library[0]?.id, library[2]?.id]);
  });

  it('lists them in their library place with includeArchived', async () => {
    // act
    const page = await service.list(actor, { filter: { includeArchived: true }, first: 10 });

    // assert
    expect(page.items.map((e) => e.node.id)).toEqual(library.map((p) => p.id));
  });

  it('still resolves an archived prompt by id (old sessions show it)', async () => {
    expect((await service.get(actor, retired.id))?.archived).toBe(true);
  });

  it('continues after an archived prompt named by a cursor', async () => {
    // prepare
    const withArchived = await service.list(actor, { filter: { includeArchived: true }, first: 2 });

    // act
    const rest = await service.list(actor, { first: 10, after: withArchived.items[1]?.cursor });

    // assert
    expect(rest.items.map((e) => e.node.id)).toEqual([library[2]?.id]);
  });
});
