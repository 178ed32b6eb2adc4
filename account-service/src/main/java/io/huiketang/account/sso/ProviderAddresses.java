package io.huiketang.account.sso;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The addresses this service never calls on an enterprise's behalf: everything that is not the
 * public internet (loopback, private, link-local with the cloud metadata service, carrier-grade NAT,
 * NAT64, multicast, unique-local IPv6, "this network", documentation and reserved ranges).
 * Otherwise an admin's issuer (or a document it serves) could make this service call into its own
 * network.
 */
final class ProviderAddresses {

    private record Range(byte[] prefix, int bits) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            if (!Arrays.equals(address, 0, full, prefix, 0, full)) {
                return false;
            }
            int rest = bits % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private static final List<Range> BLOCKED = ranges(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            // IPv6: IPv4-compatible and unspecified/loopback, NAT64 (well-known and local-use), discard,
            // Teredo and other IETF assignments, documentation, unique-local, link-local, site-local, multicast
            "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7",
            "fe80::/10", "fec0::/10", "ff00::/8");
    // Built by hand: Java parses an IPv4-mapped literal into a plain IPv4 address
    private static final Range IPV4_MAPPED = new Range(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff,
            (byte) 0xff, 0, 0, 0, 0 }, 96);
    private static final Range SIX_TO_FOUR = range("2002::/16");

    private ProviderAddresses() {
    }

    /** Whether this service refuses to connect to the address. */
    static boolean isBlocked(InetAddress address) {
        byte[] bytes = address.getAddress();
        // An IPv6 form that carries an IPv4 address is judged by that address
        if (IPV4_MAPPED.contains(bytes)) {
            return isBlocked(v4(Arrays.copyOfRange(bytes, 12, 16)));
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return isBlocked(v4(Arrays.copyOfRange(bytes, 2, 6)));
        }
        return BLOCKED.stream().anyMatch(range -> range.contains(bytes));
    }

    private static InetAddress v4(byte[] bytes) {
        try {
            return Inet4Address.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Range> ranges(String... cidrs) {
        return Arrays.stream(cidrs).map(ProviderAddresses::range).toList();
    }

    private static Range range(String cidr) {
        String[] parts = cidr.split("/");
        try {
            // Literals only: no name is ever resolved here
            return new Range(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
