import { describe, expect, it } from 'vitest';
import { clientIpFrom, ipBucket, UNKNOWN_IP } from './keys';

describe('clientIpFrom', () => {
  it('takes the entry appended by the one trusted proxy', () => {
    expect(clientIpFrom('198.51.100.9', 1)).toBe('198.51.100.9');
    expect(clientIpFrom('6.6.6.6, 198.51.100.9', 1)).toBe('198.51.100.9');
  });

  it('ignores whatever a client writes left of the trusted entries', () => {
    const spoofs = ['1.1.1.1', '1.1.1.1, 2.2.2.2', '', 'garbage, ,'];
    for (const spoof of spoofs) {
      const header = spoof ? `${spoof}, 203.0.113.7, 10.0.0.2` : '203.0.113.7, 10.0.0.2';
      expect(clientIpFrom(header, 2)).toBe('203.0.113.7');
    }
  });

  it('falls back to the leftmost entry when fewer than the trusted hops are present', () => {
    expect(clientIpFrom('203.0.113.7', 3)).toBe('203.0.113.7');
  });

  it('strips ports and unmaps IPv4-mapped IPv6', () => {
    expect(clientIpFrom('203.0.113.7:51234', 1)).toBe('203.0.113.7');
    expect(clientIpFrom('[2001:DB8::1]:443', 1)).toBe('2001:db8::1');
    expect(clientIpFrom('::ffff:203.0.113.7', 1)).toBe('203.0.113.7');
  });

  it('says unknown when there is nothing to go on', () => {
    expect(clientIpFrom(null, 1)).toBe(UNKNOWN_IP);
    expect(clientIpFrom(' , ', 1)).toBe(UNKNOWN_IP);
  });
});

describe('ipBucket', () => {
  it('keys IPv6 by its /56 so one host cannot rotate through its block', () => {
    expect(ipBucket('2001:db8:1:ab12::1')).toBe('2001:0db8:0001:ab00::/56');
    expect(ipBucket('2001:db8:1:abff:ffff:ffff:ffff:ffff')).toBe('2001:0db8:0001:ab00::/56');
    expect(ipBucket('2001:db8:1:ac00::1')).not.toBe(ipBucket('2001:db8:1:ab00::1'));
    expect(ipBucket('::1')).toBe('0000:0000:0000:0000::/56');
  });

  it('leaves IPv4 and unparsable values as they are', () => {
    expect(ipBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(ipBucket('unknown')).toBe('unknown');
    expect(ipBucket('1::2::3')).toBe('1::2::3');
  });
});
