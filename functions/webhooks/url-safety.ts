import { isIP } from 'node:net';
import { ValidationError } from '../shared/errors';
import { text } from '../shared/validation/text';
import { MAX_WEBHOOK_URL_LENGTH } from './webhook.model';

/**
 * SSRF safety for webhook URLs, in two places:
 * - at creation, {@link validateWebhookUrl} refuses obviously bad URLs
 *   (plain http, credentials, internal IP literals and host names) with
 *   BAD_USER_INPUT naming `input.url`;
 * - at every attempt, delivery-transport.ts resolves the host name and checks
 *   each address with {@link isForbiddenAddress} *at connect time*, so a name
 *   that resolves (or is later re-pointed, "DNS rebinding") to an internal
 *   address is refused before any packet is sent to it.
 * The creation check is a courtesy to the developer; the connect-time check
 * is the one that protects.
 */

type Cidr4 = readonly [string, number];

/** IPv4 ranges that are not a public internet host: where a webhook must never connect. */
const FORBIDDEN_V4: readonly Cidr4[] = [
  ['0.0.0.0', 8], // "this network", incl. the unspecified 0.0.0.0
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (shared address space)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. the metadata service 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. the broadcast 255.255.255.255
];

const LOOPBACK_V4: Cidr4 = ['127.0.0.0', 8];

/** The address as an unsigned 32-bit number; null unless it is a dotted quad. */
function parseIPv4(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

function inCidr4(value: number, [base, bits]: Cidr4): boolean {
  const size = 2 ** (32 - bits);
  const start = parseIPv4(base) as number;
  return value >= start && value < start + size;
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped); null unless it parses. */
function parseIPv6(address: string): number[] | null {
  let text = address.replace(/^\[|\]$/g, '');
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (isIP(text) !== 6) return null;
  // An embedded dotted quad (::ffff:10.0.0.1) becomes two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = parseIPv4(dotted[1]);
    if (v4 === null) return null;
    text = `${text.slice(0, -dotted[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const toGroups = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = toGroups(head);
  const right = toGroups(tail);
  const groups = tail === undefined ? left : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** The IPv4 address carried in the given two groups. */
function v4From(high: number, low: number): number {
  return high * 65536 + low;
}

function isForbiddenV4(value: number): boolean {
  return FORBIDDEN_V4.some((cidr) => inCidr4(value, cidr));
}

function isForbiddenV6(g: number[]): boolean {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  // ::ffff:a.b.c.d (IPv4-mapped): the socket would reach a.b.c.d.
  if (firstFiveZero && g5 === 0xffff) return isForbiddenV4(v4From(g6, g7));
  // ::ffff:0:a.b.c.d (IPv4-translated).
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) return isForbiddenV4(v4From(g6, g7));
  // ::/96: the unspecified ::, loopback ::1 and the deprecated IPv4-compatible ::a.b.c.d.
  if (firstFiveZero && g5 === 0) return true;
  // 64:ff9b::/96, well-known NAT64 prefix: the gateway would connect to the embedded IPv4.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return isForbiddenV4(v4From(g6, g7));
  // 64:ff9b:1::/48, local-use NAT64: translates into private networks by design.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return true;
  // 2002::/16, 6to4: the embedded IPv4 is the relay target.
  if (g0 === 0x2002) return isForbiddenV4(v4From(g1, g2));
  // 2001::/32 Teredo (tunnels to an obfuscated IPv4) and 2001:db8::/32 documentation.
  if (g0 === 0x2001 && (g1 === 0 || g1 === 0xdb8)) return true;
  // 100::/64, discard-only.
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return true;
  // fc00::/7 unique-local (incl. AWS's fd00:ec2::254 metadata address), fe80::/10 link-local,
  // fec0::/10 deprecated site-local, ff00::/8 multicast.
  return (g0 & 0xfe00) === 0xfc00 || (g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0 || (g0 & 0xff00) === 0xff00;
}

/**
 * True when a webhook must not connect to `address`: loopback, private,
 * link-local (incl. 169.254.169.254), unique-local, CGNAT, unspecified,
 * multicast, broadcast, documentation and other special-purpose ranges of
 * both IP versions, also when hidden in an IPv4-mapped, NAT64 or 6to4
 * IPv6 address. Anything that does not parse as an IP address is forbidden
 * (fail closed).
 */
export function isForbiddenAddress(address: string): boolean {
  const v4 = parseIPv4(address);
  if (v4 !== null) return isForbiddenV4(v4);
  const v6 = parseIPv6(address);
  return v6 === null ? true : isForbiddenV6(v6);
}

/** True for 127.0.0.0/8, ::1 and ::ffff:127.x.y.z: what the local run lets webhooks reach. */
export function isLoopbackAddress(address: string): boolean {
  const v4 = parseIPv4(address);
  if (v4 !== null) return inCidr4(v4, LOOPBACK_V4);
  const g = parseIPv6(address);
  if (!g) return false;
  const zeros = g.slice(0, 5).every((x) => x === 0);
  if (zeros && g[5] === 0 && g[6] === 0 && g[7] === 1) return true;
  return zeros && g[5] === 0xffff && inCidr4(v4From(g[6] as number, g[7] as number), LOOPBACK_V4);
}

/** Names that can only mean this machine or a private network. */
const INTERNAL_NAME_SUFFIXES = ['.localhost', '.local', '.localdomain', '.internal', '.home.arpa', '.lan', '.intranet', '.corp'];

/** Host names the local run accepts with plain http (the contract README's "local run"). */
const LOCAL_LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface UrlPolicy {
  /** The local run: http and https to 127.0.0.1, localhost and [::1] are allowed too. */
  allowLoopback: boolean;
}

const FIELD = 'input.url';

/**
 * Validates a webhook URL at creation and returns it normalized (WHATWG URL
 * serialization: `https://EXAMPLE.com:443/x` → `https://example.com/x`, and
 * odd IPv4 spellings such as `0x7f.1` become dotted quads before the check).
 *
 * @throws ValidationError on `input.url` naming the rule
 */
export function validateWebhookUrl(raw: string, policy: UrlPolicy): string {
  // The text rule first: WHATWG URL parsing would silently strip or percent-encode control characters.
  const checked = text(FIELD, raw, { max: MAX_WEBHOOK_URL_LENGTH, singleLine: true, trim: true });
  let url: URL;
  try {
    url = new URL(checked);
  } catch {
    throw new ValidationError(FIELD, 'must be an absolute https URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError(FIELD, 'must use https');
  if (url.username || url.password) throw new ValidationError(FIELD, 'must not contain credentials');
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!host) throw new ValidationError(FIELD, 'must name a host');
  if (policy.allowLoopback && LOCAL_LOOPBACK_HOSTS.has(host)) return url.href;
  if (url.protocol !== 'https:') {
    throw new ValidationError(
      FIELD,
      policy.allowLoopback ? 'must use https (http only to 127.0.0.1, localhost or [::1] in the local run)' : 'must use https',
    );
  }
  const literal = host.replace(/^\[|\]$/g, '');
  if (isIP(literal)) {
    if (policy.allowLoopback && isLoopbackAddress(literal)) return url.href;
    if (isForbiddenAddress(literal)) {
      throw new ValidationError(FIELD, 'must not point at a loopback, private, link-local or other internal address');
    }
    return url.href;
  }
  if (host === 'localhost' || !host.includes('.') || INTERNAL_NAME_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    throw new ValidationError(FIELD, 'must name a public host, not a local or internal one');
  }
  return url.href;
}

/**
 * The origin of a stored webhook URL (`https://hooks.example.com:8443`):
 * what a partner who did not create the webhook is shown. Scheme, host and
 * port only: no path, query or fragment, where receivers keep credentials.
 */
export function webhookUrlOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    // Stored URLs were validated at creation; this is only a safe fallback.
    return '';
  }
}
