import { addDays, daysBetween, localDateOf, windowStart } from '../../../functions/shared/time/local-days';

describe('local days', () => {
  it.each([
    // Europe/Berlin springs forward on 2026-03-29 (02:00 CET -> 03:00 CEST): a 23-hour day.
    ['2026-03-28T23:30:00.000Z', 'Europe/Berlin', '2026-03-29'], // 00:30 CET
    ['2026-03-29T21:30:00.000Z', 'Europe/Berlin', '2026-03-29'], // 23:30 CEST, the same local day
    ['2026-03-29T22:30:00.000Z', 'Europe/Berlin', '2026-03-30'], // 00:30 CEST next day
    // America/New_York falls back on 2026-11-01 (02:00 EDT -> 01:00 EST): a 25-hour day.
    ['2026-11-01T04:30:00.000Z', 'America/New_York', '2026-11-01'], // 00:30 EDT
    ['2026-11-02T04:30:00.000Z', 'America/New_York', '2026-11-01'], // 23:30 EST, still Nov 1
    ['2026-11-02T05:00:00.000Z', 'America/New_York', '2026-11-02'], // midnight EST
    // Far from UTC on both sides: the same instant is two different dates.
    ['2026-11-26T11:30:00.000Z', 'Pacific/Auckland', '2026-11-27'],
    ['2026-11-26T11:30:00.000Z', 'Pacific/Pago_Pago', '2026-11-26'],
    ['2026-11-26T23:59:59.999Z', 'UTC', '2026-11-26'],
  ])('%s in %s is local date %s', (instant, zone, date) => {
    // act / assert
    expect(localDateOf(instant, zone)).toBe(date);
    expect(localDateOf(new Date(instant), zone)).toBe(date);
  });

  it('counts calendar days, not 24-hour spans, across daylight-saving days', () => {
    // act / assert
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-31', '2026-11-02')).toBe(2);
    expect(daysBetween('2026-11-26', '2026-11-01')).toBe(-25);
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('starts a window so that it holds exactly `days` dates, today included', () => {
    // act / assert
    expect(windowStart('2026-11-26', 1)).toBe('2026-11-26');
    expect(windowStart('2026-11-26', 30)).toBe('2026-10-28');
    expect(daysBetween(windowStart('2026-11-26', 90), '2026-11-26')).toBe(89);
  });

  it('refuses an instant it cannot place', () => {
    // act / assert
    expect(() => localDateOf('not a date', 'UTC')).toThrow('Cannot place');
  });
});
