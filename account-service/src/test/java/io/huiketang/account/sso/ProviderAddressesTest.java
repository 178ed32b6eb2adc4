package io.huiketang.account.sso;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The address rules of calls to enterprises' providers, on literals (no name is resolved). */
class ProviderAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "224.0.0.1",
            "239.255.255.250", "255.255.255.255", "192.0.2.10", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1",
            "fd00:ec2::254", "ff02::1", "64:ff9b::a9fe:a9fe", "64:ff9b::808:808", "64:ff9b:1::1", "2001::1",
            "2001:db8::1", "2002:7f00:1::1", "2002:a00:1::1", "::7f00:1" })
    void refusesEveryAddressOutsideThePublicInternet(String literal) throws UnknownHostException {
        assertTrue(ProviderAddresses.isBlocked(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = { "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1",
            "169.253.255.255", "193.0.0.1", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e", "2002:808:808::1" })
    void allowsPublicAddresses(String literal) throws UnknownHostException {
        assertFalse(ProviderAddresses.isBlocked(InetAddress.getByName(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = { "00000000000000000000ffff7f000001", "00000000000000000000ffffa9fea9fe",
            "00000000000000000000ffff0a000001" })
    void judgesAnIpv4MappedIpv6AddressByItsIpv4Address(String hex) throws UnknownHostException {
        // Built as IPv6 on purpose: Java would turn the literal into IPv4
        assertTrue(ProviderAddresses.isBlocked(Inet6Address.getByAddress(null, HexFormat.of().parseHex(hex), null)), hex);
    }
}
