package io.huiketang.meeting.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.huiketang.meeting.connection.EdgeRegions.Edge;

/** Best-network selection: the most specific configured network containing the address decides. */
class EdgeRegionsTest {

    record Region(String url, Optional<List<String>> networks) implements EdgesConfig.Region {
    }

    record Config(String defaultRegion, Map<String, EdgesConfig.Region> regions) implements EdgesConfig {
    }

    private static EdgesConfig.Region region(String url, String... networks) {
        return new Region(url, networks.length == 0 ? Optional.empty() : Optional.of(List.of(networks)));
    }

    private static EdgeRegions table() {
        Map<String, EdgesConfig.Region> regions = new LinkedHashMap<>();
        regions.put("cn-north", region("wss://north.example", "198.51.100.0/24", "2001:db8:1::/48"));
        regions.put("cn-east", region("wss://east.example", "203.0.113.0/24", "2001:db8::/32", "10.0.0.0/8"));
        // More specific networks inside cn-east's
        regions.put("cn-south", region("wss://south.example", "203.0.113.128/25", "2001:db8:3::/48", "10.1.2.3/32"));
        regions.put("overseas", region("wss://overseas.example"));
        return new EdgeRegions(new Config("overseas", regions));
    }

    private final EdgeRegions edges = table();

    @Test
    void ipv4AddressGetsTheRegionOfItsNetwork() {
        assertEquals(new Edge("cn-north", "wss://north.example"), edges.forAddress("198.51.100.7"));
        assertEquals(new Edge("cn-east", "wss://east.example"), edges.forAddress("203.0.113.1"));
        assertEquals("cn-east", edges.forAddress("10.200.0.1").region());
    }

    @Test
    void longestPrefixWinsForIpv4() {
        assertEquals("cn-east", edges.forAddress("203.0.113.127").region());
        assertEquals("cn-south", edges.forAddress("203.0.113.128").region());
        assertEquals("cn-south", edges.forAddress("203.0.113.255").region());
        assertEquals("cn-south", edges.forAddress("10.1.2.3").region());
        assertEquals("cn-east", edges.forAddress("10.1.2.4").region());
    }

    @Test
    void ipv6AddressGetsTheMostSpecificRegion() {
        assertEquals("cn-north", edges.forAddress("2001:db8:1::42").region());
        assertEquals("cn-south", edges.forAddress("2001:db8:3:ffff::1").region());
        assertEquals("cn-east", edges.forAddress("2001:db8:4::1").region());
        assertEquals("cn-east", edges.forAddress("2001:0DB8:0002:0000:0000:0000:0000:0001").region());
        assertEquals("cn-north", edges.forAddress("[2001:db8:1::42]").region());
        assertEquals("cn-north", edges.forAddress("2001:db8:1::42%eth0").region());
    }

    @Test
    void ipv4MappedIpv6AddressIsMatchedAsIpv4() {
        assertEquals("cn-north", edges.forAddress("::ffff:198.51.100.7").region());
    }

    @Test
    void unmatchedOrInvalidAddressGetsTheDefaultRegion() {
        assertEquals(new Edge("overseas", "wss://overseas.example"), edges.forAddress("8.8.8.8"));
        assertEquals("overseas", edges.forAddress("2400:cb00::1").region());
        assertEquals("overseas", edges.forAddress(null).region());
        assertEquals("overseas", edges.forAddress("").region());
        assertEquals("overseas", edges.forAddress("256.1.1.1").region());
        assertEquals("overseas", edges.forAddress("localhost").region());
        assertEquals("overseas", edges.forAddress("1.2.3").region());
        assertTrue(edges.matching("8.8.8.8").isEmpty());
    }

    @Test
    void familiesDoNotMix() {
        // ::/0 would contain every IPv6 address, never an IPv4 one
        EdgeRegions v6Only = new EdgeRegions(new Config("a", Map.of(
                "a", region("ws://a.example"), "b", region("ws://b.example", "::/0"))));
        assertEquals("b", v6Only.forAddress("2001:db8::1").region());
        assertEquals("a", v6Only.forAddress("192.0.2.1").region());
    }

    @Test
    void allRegionsAreListedByName() {
        assertEquals(List.of("cn-east", "cn-north", "cn-south", "overseas"),
                edges.all().stream().map(Edge::region).toList());
    }

    @Test
    void defaultRegionMustBeConfigured() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new EdgeRegions(new Config("nowhere", Map.of("a", region("ws://a.example")))));
        assertTrue(e.getMessage().contains("default-region 'nowhere'"), e.getMessage());
    }

    @Test
    void malformedNetworkIsRefusedNamingTheRegion() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new EdgeRegions(new Config("a", Map.of("a", region("ws://a.example", "10.0.0.0/33")))));
        assertTrue(e.getMessage().contains("regions.a.networks"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> new EdgeRegions(new Config("a", Map.of("a", region("ws://a.example", "example.com/8")))));
    }

    @Test
    void networkInTwoRegionsIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new EdgeRegions(new Config("a",
                new java.util.TreeMap<>(Map.of("a", region("ws://a.example", "10.0.0.0/8"),
                        "b", region("ws://b.example", "10.9.9.9/8"))))));
        assertTrue(e.getMessage().contains("10.0.0.0/8"), e.getMessage());
    }

    @Test
    void urlMustBeWebSocket() {
        assertThrows(IllegalStateException.class,
                () -> new EdgeRegions(new Config("a", Map.of("a", region("http://a.example")))));
    }

    @Test
    void addressesAreStoredInCanonicalForm() {
        assertEquals("2001:db8::1", IpAddresses.canonical(IpAddresses.parse("2001:0db8:0:0:0:0:0:1").orElseThrow()));
        assertEquals("2001:db8:0:1::", IpAddresses.canonical(IpAddresses.parse("2001:db8:0:1:0:0:0:0").orElseThrow()));
        assertEquals("::1", IpAddresses.canonical(IpAddresses.parse("::1").orElseThrow()));
        assertEquals("2001:db8:0:1:1:1:1:1", IpAddresses.canonical(IpAddresses.parse("2001:db8:0:1:1:1:1:1").orElseThrow()));
        assertEquals("192.0.2.1", IpAddresses.canonical(IpAddresses.parse("::ffff:192.0.2.1").orElseThrow()));
    }
}
