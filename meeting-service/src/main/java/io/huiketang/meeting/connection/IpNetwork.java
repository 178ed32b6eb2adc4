package io.huiketang.meeting.connection;

import java.net.InetAddress;

/**
 * A network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}). Host bits written in the
 * configuration are ignored: {@code 10.1.2.3/8} is {@code 10.0.0.0/8}.
 */
final class IpNetwork {

    private final byte[] prefix;
    private final int length;

    private IpNetwork(byte[] prefix, int length) {
        this.prefix = prefix;
        this.length = length;
    }

    static IpNetwork parse(String cidr) {
        String text = cidr == null ? "" : cidr.strip();
        int slash = text.indexOf('/');
        InetAddress address = IpAddresses.parse(slash < 0 ? text : text.substring(0, slash))
                .orElseThrow(() -> new IllegalArgumentException("'" + cidr + "' is not a network in CIDR notation"));
        int bits = address.getAddress().length * 8;
        int length = bits;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                length = -1;
            }
        }
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0-" + bits);
        }
        return new IpNetwork(masked(address.getAddress(), length), length);
    }

    /** The network's address with the host bits zero. */
    byte[] prefix() {
        return prefix.clone();
    }

    int length() {
        return length;
    }

    /** Whether this network is IPv6 (16-byte prefix). */
    boolean v6() {
        return prefix.length == 16;
    }

    /** The first {@code length} bits of the address, the rest zero. */
    static byte[] masked(byte[] address, int length) {
        byte[] masked = new byte[address.length];
        for (int i = 0; i < address.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, length - i * 8));
            masked[i] = (byte) (address[i] & (0xff << (8 - bitsHere)));
        }
        return masked;
    }

    @Override
    public String toString() {
        try {
            return IpAddresses.canonical(InetAddress.getByAddress(prefix)) + "/" + length;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
