import { ValidationError } from '../../functions/shared/errors';
import { isForbiddenAddress, isLoopbackAddress, validateWebhookUrl } from '../../functions/webhooks/url-safety';

describe('isForbiddenAddress', () => {
  it.each([
    // IPv4
    ['127.0.0.1', 'IPv4 loopback'],
    ['127.255.255.254', 'IPv4 loopback, end of 127/8'],
    ['10.0.0.5', 'private 10/8'],
    ['172.16.0.1', 'private 172.16/12, start'],
    ['172.31.255.255', 'private 172.16/12, end'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.169.254', 'link-local: the metadata service'],
    ['169.254.0.1', 'link-local'],
    ['100.64.0.1', 'CGNAT 100.64/10, start'],
    ['100.127.255.255', 'CGNAT 100.64/10, end'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', '0/8'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast (SSDP)'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    // IPv6
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['0:0:0:0:0:0:0:1', 'IPv6 loopback, long form'],
    ['fc00::1', 'unique-local fc00::/7'],
    ['fd00:ec2::254', 'unique-local: AWS IPv6 metadata'],
    ['fe80::1', 'link-local fe80::/10'],
    ['fe80::1%eth0', 'link-local with a zone id'],
    ['febf:ffff::1', 'link-local, end of fe80::/10'],
    ['fec0::1', 'deprecated site-local'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:10.0.0.5', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback in hex'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata in hex'],
    ['::127.0.0.1', 'IPv4-compatible (deprecated)'],
    ['64:ff9b::127.0.0.1', 'NAT64 of loopback'],
    ['64:ff9b::a00:5', 'NAT64 of 10.0.0.5'],
    ['64:ff9b::192.168.0.1', 'NAT64 of private'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['2002:7f00:1::', '6to4 of loopback'],
    ['2002:a9fe:a9fe::1', '6to4 of the metadata address'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378::1', 'Teredo'],
    ['[::1]', 'bracketed IPv6 loopback'],
    // not an address at all: refused (fail closed)
    ['localhost', 'a name'],
    ['', 'empty'],
    ['1.2.3', 'three octets'],
    ['256.1.1.1', 'octet out of range'],
  ])('refuses %s (%s)', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    ['93.184.215.14', 'public IPv4'],
    ['8.8.8.8', 'public IPv4'],
    ['172.15.255.255', 'just below 172.16/12'],
    ['172.32.0.0', 'just above 172.16/12'],
    ['100.63.255.255', 'just below CGNAT'],
    ['100.128.0.0', 'just above CGNAT'],
    ['169.253.255.255', 'just below link-local'],
    ['2606:4700:4700::1111', 'public IPv6'],
    ['2a00:1450:4001:80b::200e', 'public IPv6'],
    ['::ffff:8.8.8.8', 'IPv4-mapped public'],
    ['64:ff9b::808:808', 'NAT64 of a public address'],
    ['2002:808:808::1', '6to4 of a public address'],
  ])('allows %s (%s)', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });
});

describe('isLoopbackAddress', () => {
  it('knows loopback in both versions and nothing else', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(isLoopbackAddress)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', '::', 'fe80::1', '8.8.8.8', 'localhost'].map(isLoopbackAddress)).toEqual([false, false, false, false, false]);
  });
});

describe('validateWebhookUrl', () => {
  const cloud = { allowLoopback: false };
  const local = { allowLoopback: true };

  function ruleOf(url: string, policy = cloud): string {
    try {
      validateWebhookUrl(url, policy);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('input.url');
      return (error as ValidationError).rule;
    }
    return 'accepted';
  }

  it('accepts public https URLs and normalizes them', () => {
    expect(validateWebhookUrl('https://Hooks.Example.com:443/reconnect?x=1', cloud)).toBe('https://hooks.example.com/reconnect?x=1');
    expect(validateWebhookUrl('https://hooks.example.com:8443/a', cloud)).toBe('https://hooks.example.com:8443/a');
    expect(validateWebhookUrl('https://93.184.215.14/hook', cloud)).toBe('https://93.184.215.14/hook');
  });

  it.each([
    ['http://hooks.example.com/x', 'must use https'],
    ['ftp://hooks.example.com/x', 'must use https'],
    ['not a url', 'must be an absolute https URL'],
    ['/relative', 'must be an absolute https URL'],
    ['https://user:pass@hooks.example.com/', 'must not contain credentials'],
    ['https://127.0.0.1/x', 'must not point at a loopback, private, link-local or other internal address'],
    ['https://10.1.2.3/x', 'must not point at a loopback, private, link-local or other internal address'],
    ['https://169.254.169.254/latest/meta-data', 'must not point at a loopback, private, link-local or other internal address'],
    ['https://[::1]/x', 'must not point at a loopback, private, link-local or other internal address'],
    ['https://[fd00::1]/x', 'must not point at a loopback, private, link-local or other internal address'],
    ['https://[::ffff:10.0.0.1]/x', 'must not point at a loopback, private, link-local or other internal address'],
    ['https://0x7f.1/x', 'must not point at a loopback, private, link-local or other internal address'],
    ['https://2130706433/x', 'must not point at a loopback, private, link-local or other internal address'],
    ['https://0/x', 'must not point at a loopback, private, link-local or other internal address'],
    ['https://localhost/x', 'must name a public host, not a local or internal one'],
    ['https://localhost./x', 'must name a public host, not a local or internal one'],
    ['https://api.localhost/x', 'must name a public host, not a local or internal one'],
    ['https://metadata.google.internal/x', 'must name a public host, not a local or internal one'],
    ['https://printer.local/x', 'must name a public host, not a local or internal one'],
    ['https://intranet/x', 'must name a public host, not a local or internal one'],
    [`https://hooks.example.com/${'a'.repeat(2048)}`, 'must be at most 2048 characters'],
  ])('refuses %s in the cloud', (url, rule) => {
    expect(ruleOf(url)).toBe(rule);
  });

  it('lets the local run use http and https to loopback only', () => {
    expect(ruleOf('http://127.0.0.1:4001/hook', local)).toBe('accepted');
    expect(ruleOf('http://localhost:4001/hook', local)).toBe('accepted');
    expect(ruleOf('http://[::1]:4001/hook', local)).toBe('accepted');
    expect(ruleOf('https://127.0.0.1/hook', local)).toBe('accepted');
    expect(ruleOf('http://hooks.example.com/hook', local)).toBe(
      'must use https (http only to 127.0.0.1, localhost or [::1] in the local run)',
    );
    expect(ruleOf('http://10.0.0.1/hook', local)).toMatch(/^must use https/);
    expect(ruleOf('https://192.168.0.10/hook', local)).toBe('must not point at a loopback, private, link-local or other internal address');
    expect(ruleOf('http://127.0.0.1:4001/hook', cloud)).toBe('must use https');
  });
});
