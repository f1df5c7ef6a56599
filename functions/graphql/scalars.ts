import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { ValidationError } from '../shared/errors';
import { parseRfc3339 } from '../shared/time/zoned-time';
import { isIanaTimeZone, isLocalTime } from '../shared/validation/validators';

/**
 * Custom scalars reject bad values while the operation is parsed, before any
 * resolver runs. They throw ValidationError so that the single error mapper
 * reports BAD_USER_INPUT; graphql-js prefixes the message with the variable
 * path or the literal, which names the field.
 */
/** `description` must equal the SDL's (schema/core.graphql): the live schema shows this one, and tests/schema/published-sdl.test.ts compares. */
function stringScalar(name: string, description: string, check: (value: string) => string) {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string') throw new ValidationError(name, 'must be a string');
    return check(value);
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (value) => {
      if (typeof value !== 'string') throw new TypeError(`${name} cannot represent a non-string value`);
      return value;
    },
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw new ValidationError(name, 'must be a string');
      return parse(ast.value);
    },
  });
}

export const DateTimeScalar = stringScalar('DateTime', 'An instant, RFC 3339 in UTC, e.g. 2026-11-26T19:00:00.000Z.', (value) => {
  const instant = parseRfc3339(value);
  if (!instant) throw new ValidationError('DateTime', 'must be an RFC 3339 instant, e.g. 2026-11-26T19:00:00Z');
  return instant.toISOString();
});

export const TimeZoneScalar = stringScalar(
  'TimeZone',
  'An IANA time zone name, e.g. Europe/Berlin. Unknown names are rejected.',
  (value) => {
    if (!isIanaTimeZone(value)) throw new ValidationError('TimeZone', 'must be a known IANA time zone name, e.g. Europe/Berlin');
    return value;
  },
);

export const LocalTimeScalar = stringScalar('LocalTime', 'A wall-clock time, HH:MM, 24-hour.', (value) => {
  if (!isLocalTime(value)) throw new ValidationError('LocalTime', 'must be a 24-hour time HH:MM, e.g. 19:00');
  return value;
});
