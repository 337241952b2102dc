import { describe, expect, it } from 'vitest';
import { blockSubjectsFor, clientIpFrom, identityOf, ipBucket, UNKNOWN_IP } from './keys';

// serve.mjs always appends the socket's peer; proxies in front append theirs.
describe('clientIpFrom', () => {
  it('with no proxy (0 hops) the socket peer is the client, whatever the client wrote', () => {
    expect(clientIpFrom('198.51.100.9', 0)).toBe('198.51.100.9');
    expect(clientIpFrom('6.6.6.6, 198.51.100.9', 0)).toBe('198.51.100.9');
  });

  it('behind one proxy, the entry that proxy appended (left of the socket peer)', () => {
    expect(clientIpFrom('198.51.100.9, 10.0.0.2', 1)).toBe('198.51.100.9');
    expect(clientIpFrom('6.6.6.6, 198.51.100.9, 10.0.0.2', 1)).toBe('198.51.100.9');
  });

  it('ignores whatever a client writes left of the trusted entries', () => {
    const spoofs = ['1.1.1.1', '1.1.1.1, 2.2.2.2', '', 'garbage, ,'];
    for (const spoof of spoofs) {
      const header = spoof ? `${spoof}, 203.0.113.7, 10.0.0.2, 10.0.0.3` : '203.0.113.7, 10.0.0.2, 10.0.0.3';
      expect(clientIpFrom(header, 2)).toBe('203.0.113.7');
    }
  });

  it('falls back to the socket peer when fewer than the trusted hops are present (a request that skipped a proxy)', () => {
    expect(clientIpFrom('6.6.6.6, 203.0.113.7', 3)).toBe('203.0.113.7');
  });

  it('strips ports and unmaps IPv4-mapped IPv6', () => {
    expect(clientIpFrom('203.0.113.7:51234, 10.0.0.1', 1)).toBe('203.0.113.7');
    expect(clientIpFrom('[2001:DB8::1]:443, 10.0.0.1', 1)).toBe('2001:db8::1');
    expect(clientIpFrom('::ffff:203.0.113.7', 0)).toBe('203.0.113.7');
  });

  it('says unknown when there is nothing usable to go on', () => {
    expect(clientIpFrom(null, 1)).toBe(UNKNOWN_IP);
    expect(clientIpFrom(' , ', 1)).toBe(UNKNOWN_IP);
    expect(clientIpFrom('not-an-ip:with:junk<script>, 10.0.0.1', 1)).toBe(UNKNOWN_IP);
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

describe('identity', () => {
  it('is the user, else the guest, else the address', () => {
    expect(identityOf({ userId: 'u1', guestId: 'g1', ipBucket: '1.2.3.4' }).subject).toBe('user:u1');
    expect(identityOf({ guestId: 'g1', ipBucket: '1.2.3.4' }).subject).toBe('guest:g1');
    expect(identityOf({ ipBucket: '1.2.3.4' }).subject).toBe('ip:1.2.3.4');
  });

  it('a guest passes its own and its network’s blocks, not the cookieless identity of its address', () => {
    const guest = identityOf({ guestId: 'g1', ipBucket: '1.2.3.4' });
    expect(blockSubjectsFor(guest, '1.2.3.4')).toEqual(['guest:g1', 'net:1.2.3.4']);
    // Sign-in, sign-up and minting a guest id answer to the address whatever cookie is shown.
    expect(blockSubjectsFor(guest, '1.2.3.4', { ipKeyed: true })).toEqual(['guest:g1', 'net:1.2.3.4', 'ip:1.2.3.4']);
    expect(blockSubjectsFor(identityOf({ ipBucket: '1.2.3.4' }), '1.2.3.4', { ipKeyed: true })).toEqual([
      'ip:1.2.3.4',
      'net:1.2.3.4',
    ]);
  });
});
