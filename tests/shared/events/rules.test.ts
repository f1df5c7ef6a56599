import { DETAIL_TYPES, EVENT_SOURCE } from '../../../functions/shared/events/domain-event';
import { EVENT_RULES, matchesPattern, type EventPattern } from '../../../functions/shared/events/rules';
import { WEBHOOK_DETAIL_TYPES } from '../../../functions/shared/events/webhook-events';

describe('bus rules', () => {
  it('routes every webhook event type and requested attempts from the API to the webhook dispatcher, once', () => {
    for (const detailType of [...WEBHOOK_DETAIL_TYPES, DETAIL_TYPES.webhookDeliveryRequested]) {
      const matching = EVENT_RULES.filter((rule) => matchesPattern(rule.pattern, { source: EVENT_SOURCE, 'detail-type': detailType }));
      expect(matching.map((rule) => rule.target)).toEqual(['webhook-dispatcher']);
    }
  });

  it('ignores other sources and detail types', () => {
    const rule = EVENT_RULES[0] as (typeof EVENT_RULES)[number];
    expect(matchesPattern(rule.pattern, { source: 'someone.else', 'detail-type': DETAIL_TYPES.sessionCompleted })).toBe(false);
    expect(matchesPattern(rule.pattern, { source: EVENT_SOURCE, 'detail-type': 'Reconnect.SomethingNew' })).toBe(false);
  });

  it('matches like EventBridge for the subset used: each named field must equal one listed value', () => {
    const pattern: EventPattern = { source: ['a', 'b'], 'detail-type': ['X'] };
    expect(matchesPattern(pattern, { source: 'b', 'detail-type': 'X' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'c', 'detail-type': 'X' })).toBe(false);
    expect(matchesPattern({ source: ['a'] }, { source: 'a', 'detail-type': 'anything' })).toBe(true);
    expect(matchesPattern({}, { source: 'a', 'detail-type': 'anything' })).toBe(true);
  });

  it('refuses patterns outside the subset instead of matching them differently', () => {
    const prefix = { source: [{ prefix: 'reconnect' }] } as unknown as EventPattern;
    const detail = { detail: { coupleId: ['c-1'] } } as unknown as EventPattern;
    expect(() => matchesPattern(prefix, { source: 'reconnect.api', 'detail-type': 'X' })).toThrow('Unsupported event pattern');
    expect(() => matchesPattern(detail, { source: 'reconnect.api', 'detail-type': 'X' })).toThrow('Unsupported event pattern');
  });

  it('uses only supported patterns, with unique names', () => {
    for (const rule of EVENT_RULES) expect(() => matchesPattern(rule.pattern, { source: '', 'detail-type': '' })).not.toThrow();
    expect(new Set(EVENT_RULES.map((r) => r.name)).size).toBe(EVENT_RULES.length);
  });
});
