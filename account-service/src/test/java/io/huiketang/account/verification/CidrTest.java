package io.huiketang.account.verification;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void ipv4NetworksContainTheirAddressesOnly() {
        Cidr office = Cidr.parse("203.0.113.64/26");
        assertTrue(office.contains("203.0.113.64"));
        assertTrue(office.contains("203.0.113.127"));
        assertFalse(office.contains("203.0.113.128"));
        assertFalse(office.contains("203.0.112.70"));
        assertTrue(Cidr.parse("0.0.0.0/0").contains("8.8.8.8"));
    }

    @Test
    void ipv6NetworksContainTheirAddressesOnly() {
        Cidr office = Cidr.parse("2001:db8:51::/48");
        assertTrue(office.contains("2001:db8:51:ffff::7"));
        assertTrue(office.contains("[2001:db8:51::1]"));
        assertFalse(office.contains("2001:db8:52::1"));
        assertFalse(office.contains("203.0.113.1"), "an IPv4 address is never in an IPv6 network");
    }

    @Test
    void namesAndMalformedNetworksAreRefusedWithoutAskingDns() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("office.example.com/24"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("203.0.113.0"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("203.0.113.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("2001:db8::/129"));
        assertFalse(Cidr.parse("203.0.113.0/24").contains("localhost"));
        assertFalse(Cidr.parse("203.0.113.0/24").contains(null));
    }
}
