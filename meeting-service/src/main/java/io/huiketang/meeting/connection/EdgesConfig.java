package io.huiketang.meeting.connection;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The edge regions clients connect to for media, and the networks each serves best (MTG-3):
 * {@code huiketang.meeting.edges.regions.cn-east.url=wss://...},
 * {@code huiketang.meeting.edges.regions.cn-east.networks=203.0.113.0/24,2001:db8:2::/48}.
 */
@ConfigMapping(prefix = "huiketang.meeting.edges")
public interface EdgesConfig {

    /** The region of addresses no configured network contains; one of {@link #regions()}. */
    String defaultRegion();

    /** Regions by name (lower-case letters, digits and dashes, e.g. {@code cn-north}). */
    Map<String, Region> regions();

    interface Region {

        /** Where clients of this region connect: the region's LiveKit URL ({@code wss://...}). */
        String url();

        /**
         * Networks (IPv4 and IPv6 CIDR) this region serves best; the longest matching prefix wins. A region
         * without networks only serves as the default or a fallback.
         */
        Optional<List<String>> networks();
    }
}
