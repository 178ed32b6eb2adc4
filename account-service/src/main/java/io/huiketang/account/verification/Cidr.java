package io.huiketang.account.verification;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network in CIDR notation; parses literals only, never asks DNS. */
final class Cidr {

    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** @throws IllegalArgumentException for anything but {@code address/prefix} with a literal address */
    static Cidr parse(String text) {
        String[] parts = text.strip().split("/", -1);
        byte[] address = literal(parts[0]);
        if (parts.length != 2 || address == null || !parts[1].matches("[0-9]{1,3}")
                || Integer.parseInt(parts[1]) > address.length * 8) {
            throw new IllegalArgumentException("Not a network in CIDR notation: " + text);
        }
        return new Cidr(address, Integer.parseInt(parts[1]));
    }

    boolean contains(String address) {
        byte[] candidate = literal(address);
        if (candidate == null || candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        if (!Arrays.equals(Arrays.copyOf(candidate, fullBytes), Arrays.copyOf(network, fullBytes))) {
            return false;
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = 0xff << (8 - restBits) & 0xff;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /** The bytes of an IP literal (IPv4-mapped IPv6 addresses come back as IPv4), else null. */
    static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!LITERAL.matcher(bare).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
