import { addCalendarDays, instantAt, isKnownTimeZone, localDate, parseRfc3339, wallTimeAt } from '../../functions/shared/time/zoned-time';

describe('zoned time', () => {
  it('reads the wall clock of a zone, DST included', () => {
    expect(wallTimeAt(new Date('2026-01-15T18:00:00Z'), 'Europe/Berlin')).toMatchObject({ hour: 19, minute: 0 });
    expect(wallTimeAt(new Date('2026-07-15T17:00:00Z'), 'Europe/Berlin')).toMatchObject({ hour: 19, minute: 0 });
    expect(wallTimeAt(new Date('2026-07-15T17:00:00Z'), 'Asia/Kolkata')).toMatchObject({ hour: 22, minute: 30 });
  });

  it('gives the local calendar date, not the UTC one', () => {
    expect(localDate(new Date('2026-06-01T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-06-02');
    expect(localDate(new Date('2026-06-02T03:30:00Z'), 'America/Los_Angeles')).toBe('2026-06-01');
    expect(localDate(new Date('2026-03-29T21:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
  });

  it.each([
    ['2026-01-15', 19, 0, 'Europe/Berlin', '2026-01-15T18:00:00.000Z'],
    ['2026-07-15', 19, 0, 'Europe/Berlin', '2026-07-15T17:00:00.000Z'],
    ['2026-03-29', 19, 0, 'Europe/Berlin', '2026-03-29T17:00:00.000Z'],
    ['2026-11-01', 19, 0, 'America/New_York', '2026-11-02T00:00:00.000Z'],
    ['2026-03-08', 19, 0, 'America/New_York', '2026-03-08T23:00:00.000Z'],
    ['2026-03-29', 2, 30, 'Europe/Berlin', '2026-03-29T01:30:00.000Z'], // the gap: 02:30 → 03:30 CEST
    ['2026-03-08', 2, 30, 'America/New_York', '2026-03-08T07:30:00.000Z'], // the gap: 02:30 → 03:30 EDT
    ['2026-10-04', 19, 0, 'Australia/Lord_Howe', '2026-10-04T08:00:00.000Z'], // a 30-minute DST shift
    ['2026-06-01', 0, 0, 'Asia/Kathmandu', '2026-05-31T18:15:00.000Z'],
  ])('finds the instant of %s %d:%d in %s', (date, hour, minute, zone, expected) => {
    expect(instantAt(date, hour, minute, zone).toISOString()).toBe(expected);
  });

  it('resolves a repeated fall-back time to an instant showing that wall time', () => {
    // act: 01:30 happens twice in New York on 2026-11-01
    const instant = instantAt('2026-11-01', 1, 30, 'America/New_York');

    // assert
    expect(['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']).toContain(instant.toISOString());
    expect(wallTimeAt(instant, 'America/New_York')).toMatchObject({ hour: 1, minute: 30 });
  });

  it('adds calendar days across month and year ends', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('knows IANA zones only', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it.each([
    ['2026-11-26T19:00:00Z', '2026-11-26T19:00:00.000Z'],
    ['2026-11-26T20:00:00.5+01:00', '2026-11-26T19:00:00.500Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('parses RFC 3339 %s', (value, expected) => {
    expect(parseRfc3339(value)?.toISOString()).toBe(expected);
  });

  it.each([
    '2026-02-30T00:00:00Z',
    '2027-02-29T00:00:00Z',
    '2026-11-26T24:00:00Z',
    '2026-11-26T19:60:00Z',
    '2026-11-26T19:00:00+25:00',
    '2026-11-26',
    'next tuesday',
  ])('refuses %s instead of rolling it over', (value) => {
    expect(parseRfc3339(value)).toBeNull();
  });
});
