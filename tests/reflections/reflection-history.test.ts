import { isPosition, mergeNewestFirst, pageRange, positionOf, type HistoryEntry } from '../../functions/reflections/reflection-history';

const entry = (createdAt: string, id: string): HistoryEntry => ({
  position: positionOf({ createdAt, id }),
  reflectionId: id,
  authorId: 'ana',
  feelings: [],
});

describe('reflection history paging', () => {
  describe('pageRange', () => {
    it('takes the lower of until and the cursor as the exclusive upper bound', () => {
      // prepare
      const cursor = '2026-11-20T10:00:00.000Z#r9';

      // act / assert
      expect(pageRange({ until: '2026-11-21T00:00:00.000Z' }, cursor)).toEqual({ lo: undefined, hi: cursor });
      expect(pageRange({ until: '2026-11-19T00:00:00.000Z' }, cursor)).toEqual({ lo: undefined, hi: '2026-11-19T00:00:00.000Z' });
      expect(pageRange({ since: '2026-11-01T00:00:00.000Z' })).toEqual({ lo: '2026-11-01T00:00:00.000Z', hi: undefined });
      expect(pageRange({})).toEqual({ lo: undefined, hi: undefined });
    });

    it('is empty once the cursor passed since', () => {
      // act / assert
      expect(pageRange({ since: '2026-11-20T10:00:00.000Z' }, '2026-11-20T10:00:00.000Z#r1')).not.toBeNull();
      expect(pageRange({ since: '2026-11-20T10:00:01.000Z' }, '2026-11-20T10:00:00.000Z#r1')).toBeNull();
    });

    it('excludes a reflection written exactly at until, includes one at since', () => {
      // prepare
      const at = '2026-11-20T10:00:00.000Z';
      const range = pageRange({ since: at, until: '2026-11-20T11:00:00.000Z' }) as { lo: string; hi: string };

      // act / assert
      expect(entry(at, 'a').position >= range.lo).toBe(true);
      expect(entry('2026-11-20T11:00:00.000Z', 'b').position < range.hi).toBe(false);
    });
  });

  describe('mergeNewestFirst', () => {
    it('merges streams newest first, once per reflection, and knows whether more follow', () => {
      // prepare: r2 has two of the requested feelings, so it is in both streams
      const calm = [
        entry('2026-11-05T00:00:00.000Z', 'r5'),
        entry('2026-11-02T00:00:00.000Z', 'r2'),
        entry('2026-11-01T00:00:00.000Z', 'r1'),
      ];
      const hurt = [entry('2026-11-04T00:00:00.000Z', 'r4'), entry('2026-11-02T00:00:00.000Z', 'r2')];

      // act
      const page = mergeNewestFirst([calm, hurt], 3);
      const all = mergeNewestFirst([calm, hurt], 4);

      // assert
      expect(page.entries.map((e) => e.reflectionId)).toEqual(['r5', 'r4', 'r2']);
      expect(page.hasMore).toBe(true);
      expect(all.entries.map((e) => e.reflectionId)).toEqual(['r5', 'r4', 'r2', 'r1']);
      expect(all.hasMore).toBe(false);
    });

    it('orders reflections of the same instant by id, the same way the index does', () => {
      // act
      const page = mergeNewestFirst([[entry('2026-11-05T00:00:00.000Z', 'b')], [entry('2026-11-05T00:00:00.000Z', 'a')]], 5);

      // assert
      expect(page.entries.map((e) => e.reflectionId)).toEqual(['b', 'a']);
    });
  });

  it('recognises only positions it made', () => {
    // act / assert
    expect(isPosition(positionOf({ createdAt: '2026-11-05T00:00:00.000Z', id: 'abc' }))).toBe(true);
    expect(isPosition('2026-11-05T00:00:00.000Z')).toBe(false);
    expect(isPosition('COUPLE#x')).toBe(false);
    expect(isPosition(42)).toBe(false);
  });
});
