import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  builtinPrompts,
  PROMPT_LIBRARY_VERSION,
  THEME_ID_PREFIX,
  type PromptDepth,
  type PromptTheme,
} from '../../../functions/prompts/library/builtin-prompts';

const THEMES: readonly PromptTheme[] = [
  'VULNERABILITY',
  'TRUST',
  'LISTENING',
  'SPEAKING_TRUTH',
  'GOALS_AND_DREAMS',
  'FEELING_SAFE',
  'APPRECIATION',
  'RECONNECTING',
  'REPAIR',
  'DAILY_LIFE',
];
const DEPTHS: readonly PromptDepth[] = ['LIGHT', 'MEDIUM', 'DEEP'];

const LOCK_FILE = join(__dirname, '../../../functions/prompts/library/prompt-ids.lock.json');

/** Words that assume a gender or a marriage; prompts say "partner" and "they". */
const EXCLUSIVE_WORDS =
  /\b(husbands?|wi(fe|ves)|boyfriends?|girlfriends?|marriages?|married|spouses?|his|her|hers|herself|him|himself|he|she)\b/i;

function readLockedIds(): string[] {
  const parsed: unknown = JSON.parse(readFileSync(LOCK_FILE, 'utf8'));
  if (!Array.isArray(parsed) || !parsed.every((id): id is string => typeof id === 'string')) {
    throw new Error(`${LOCK_FILE} must be a JSON array of prompt id strings`);
  }
  return parsed;
}

describe('built-in prompt library', () => {
  it('has a library version in YYYY.MM.N form', () => {
    expect(PROMPT_LIBRARY_VERSION).toMatch(/^\d{4}\.(0[1-9]|1[0-2])\.\d+$/);
  });

  it('has at least 120 prompts', () => {
    expect(builtinPrompts().length).toBeGreaterThanOrEqual(120);
  });

  it.each(THEMES.flatMap((theme) => DEPTHS.map((depth) => [theme, depth] as const)))(
    'has at least 3 active %s prompts of depth %s',
    (theme, depth) => {
      const active = builtinPrompts().filter((p) => p.theme === theme && p.depth === depth && !p.archived);
      expect(active.length).toBeGreaterThanOrEqual(3);
    },
  );

  it('uses only known themes and depths', () => {
    for (const p of builtinPrompts()) {
      expect(THEMES).toContain(p.theme);
      expect(DEPTHS).toContain(p.depth);
      expect(typeof p.archived).toBe('boolean');
    }
  });

  it('has unique ids of the form xxx-NNN whose prefix matches the theme', () => {
    const seen = new Set<string>();
    for (const p of builtinPrompts()) {
      expect(p.id).toMatch(/^[a-z]{3}-\d{3}$/);
      const prefix = p.id.slice(0, 3);
      if (prefix !== THEME_ID_PREFIX[p.theme]) {
        throw new Error(`${p.id}: prefix "${prefix}" does not match theme ${p.theme} ("${THEME_ID_PREFIX[p.theme]}")`);
      }
      if (seen.has(p.id)) throw new Error(`duplicate prompt id ${p.id}`);
      seen.add(p.id);
    }
  });

  it('gives every theme a distinct id prefix', () => {
    const prefixes = Object.values(THEME_ID_PREFIX);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(Object.keys(THEME_ID_PREFIX).sort()).toEqual([...THEMES].sort());
  });

  it('has non-empty texts of at most 200 characters, unique ignoring case', () => {
    const seen = new Map<string, string>();
    for (const p of builtinPrompts()) {
      expect(p.text.trim()).not.toBe('');
      expect(p.text).toBe(p.text.trim());
      expect(p.text.length).toBeLessThanOrEqual(200);
      const key = p.text.toLowerCase().replace(/\s+/g, ' ');
      const other = seen.get(key);
      if (other !== undefined) throw new Error(`${p.id} repeats the text of ${other}`);
      seen.set(key, p.id);
    }
  });

  it('has non-empty follow-ups of at most 160 characters', () => {
    for (const p of builtinPrompts()) {
      for (const f of p.followUps) {
        expect(f.trim()).not.toBe('');
        expect(f.length).toBeLessThanOrEqual(160);
      }
      expect(new Set(p.followUps.map((f) => f.toLowerCase())).size).toBe(p.followUps.length);
    }
  });

  it('gives every DEEP prompt at least one follow-up', () => {
    const missing = builtinPrompts()
      .filter((p) => p.depth === 'DEEP' && p.followUps.length < 1)
      .map((p) => p.id);
    expect(missing).toEqual([]);
  });

  it('never assumes gender or marriage in texts or follow-ups', () => {
    const offending: string[] = [];
    for (const p of builtinPrompts()) {
      for (const s of [p.text, ...p.followUps]) {
        const m = EXCLUSIVE_WORDS.exec(s);
        if (m) offending.push(`${p.id}: "${m[0]}" in "${s}"`);
      }
    }
    expect(offending).toEqual([]);
  });

  describe('ids are append-only (prompt-ids.lock.json)', () => {
    const locked = readLockedIds();
    const current = new Set(builtinPrompts().map((p) => p.id));

    it('keeps the lock file sorted and free of duplicates', () => {
      expect(new Set(locked).size).toBe(locked.length);
      expect(locked).toEqual([...locked].sort());
    });

    it('still contains every id ever released', () => {
      const removed = locked.filter((id) => !current.has(id));
      if (removed.length > 0) {
        throw new Error(
          `Released prompt ids were removed from builtinPrompts(): ${removed.join(', ')}. ` +
            'Ids are permanent: restore the prompt and set `archived: true` instead of deleting it.',
        );
      }
    });

    it('has every current id recorded in the lock file', () => {
      const lockedSet = new Set(locked);
      const unlisted = [...current].filter((id) => !lockedSet.has(id));
      if (unlisted.length > 0) {
        throw new Error(
          `Prompt ids not in functions/prompts/library/prompt-ids.lock.json: ${unlisted.join(', ')}. ` +
            'Add them to the lock file (keep it sorted) and bump PROMPT_LIBRARY_VERSION.',
        );
      }
    });
  });
});
