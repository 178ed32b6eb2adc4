package io.huiketang.meeting.connection;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Best-network selection (MTG-3): the edge region that serves a client's address, from the configured
 * table of networks; the most specific network containing the address wins, and an address no network
 * contains gets the default region. Lookups cost one hash probe per configured prefix length, so a
 * table of thousands of ISP networks answers as fast as a small one.
 */
@ApplicationScoped
public class EdgeRegions {

    /** An edge region and the URL its clients connect to. */
    public record Edge(String region, String url) {
    }

    private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");

    private final Map<String, Edge> edges;
    private final Edge defaultEdge;
    /** Per address family: prefix length (longest first) -> masked prefix -> region. */
    private final TreeMap<Integer, Map<ByteBuffer, Edge>> v4 = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<Integer, Map<ByteBuffer, Edge>> v6 = new TreeMap<>(Comparator.reverseOrder());

    /** Refuses (at start-up) a table that names an unknown default, a malformed network or one network twice. */
    @Inject
    public EdgeRegions(EdgesConfig config) {
        Map<String, Edge> byName = new TreeMap<>();
        config.regions().forEach((name, region) -> {
            if (!REGION_NAME.matcher(name).matches()) {
                throw invalid("region name '" + name + "' must be lower-case letters, digits and dashes");
            }
            if (region.url() == null || !region.url().matches("wss?://\\S+")) {
                throw invalid("regions." + name + ".url must be a ws:// or wss:// URL");
            }
            Edge edge = new Edge(name, region.url());
            byName.put(name, edge);
            for (String cidr : region.networks().orElse(List.of())) {
                IpNetwork network;
                try {
                    network = IpNetwork.parse(cidr);
                } catch (IllegalArgumentException e) {
                    throw invalid("regions." + name + ".networks: " + e.getMessage());
                }
                Edge previous = (network.v6() ? v6 : v4).computeIfAbsent(network.length(), l -> new HashMap<>())
                        .putIfAbsent(ByteBuffer.wrap(network.prefix()), edge);
                if (previous != null) {
                    throw invalid("network " + network + " is listed in regions " + previous.region() + " and " + name);
                }
            }
        });
        this.edges = Collections.unmodifiableMap(byName);
        this.defaultEdge = edges.get(config.defaultRegion());
        if (defaultEdge == null) {
            throw invalid("default-region '" + config.defaultRegion() + "' is not one of the regions " + byName.keySet());
        }
    }

    /** The region serving this address; the default region for any address no network contains, or no address. */
    public Edge forAddress(String ip) {
        return matching(ip).orElse(defaultEdge);
    }

    /** The region of the most specific configured network containing the address, if any does. */
    public Optional<Edge> matching(String ip) {
        Optional<InetAddress> address = IpAddresses.parse(ip);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = address.get().getAddress();
        for (Map.Entry<Integer, Map<ByteBuffer, Edge>> table : (bytes.length == 4 ? v4 : v6).entrySet()) {
            Edge edge = table.getValue().get(ByteBuffer.wrap(IpNetwork.masked(bytes, table.getKey())));
            if (edge != null) {
                return Optional.of(edge);
            }
        }
        return Optional.empty();
    }

    /** Every region, by name. */
    public List<Edge> all() {
        return List.copyOf(edges.values());
    }

    public Edge defaultEdge() {
        return defaultEdge;
    }

    private static IllegalStateException invalid(String message) {
        return new IllegalStateException("huiketang.meeting.edges: " + message);
    }
}
