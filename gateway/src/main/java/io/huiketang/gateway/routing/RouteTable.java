package io.huiketang.gateway.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Singleton;

/** The routing configuration, compiled once: which route a path takes, and whether it needs a token. */
@Singleton
public class RouteTable {

    /**
     * A route ready to use: its settings, where its upstream is, and the pattern a path matched (what
     * metrics name the request by: a bounded set, never the raw path).
     */
    public record ResolvedRoute(String name, RoutingConfig.Route settings, String upstreamName, Upstream upstream,
            PathPattern pattern) {
    }

    /** An upstream's address (and its management interface's, when it has one), parsed once. */
    public record Upstream(String name, String title, URI url, boolean ssl, String host, int port,
            Address management, RoutingConfig.Upstream settings) {

        static Upstream of(String name, RoutingConfig.Upstream settings) {
            Address api = Address.of(settings.url());
            Address management = settings.managementUrl().map(Address::of).orElse(null);
            return new Upstream(name, settings.title(), api.url(), api.ssl(), api.host(), api.port(), management,
                    settings);
        }
    }

    /** Host, port and scheme of a base URL. */
    public record Address(URI url, boolean ssl, String host, int port) {

        static Address of(String text) {
            URI url = URI.create(text);
            boolean ssl = "https".equalsIgnoreCase(url.getScheme());
            return new Address(url, ssl, url.getHost(), url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80);
        }
    }

    private record Entry(PathPattern pattern, ResolvedRoute route) {
    }

    private record PublicPath(String method, PathPattern pattern) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<PublicPath> publicPaths = new ArrayList<>();
    private final Map<String, Upstream> upstreams = new TreeMap<>();

    RouteTable(RoutingConfig config) {
        config.upstreams().forEach((name, settings) -> upstreams.put(name, Upstream.of(name, settings)));
        config.routes().forEach((name, route) -> {
            Upstream upstream = upstreams.get(route.upstream());
            if (upstream == null) {
                throw new IllegalStateException("Route " + name + " names an unknown upstream " + route.upstream());
            }
            route.paths().forEach(p -> {
                PathPattern pattern = PathPattern.of(p);
                entries.add(new Entry(pattern, new ResolvedRoute(name, route, route.upstream(), upstream, pattern)));
            });
        });
        entries.sort(Comparator.comparingInt((Entry e) -> e.pattern().specificity()).reversed()
                .thenComparing(e -> e.pattern().text()));
        for (String entry : config.publicPaths()) {
            String trimmed = entry.trim();
            int space = trimmed.indexOf(' ');
            publicPaths.add(space < 0 ? new PublicPath(null, PathPattern.of(trimmed))
                    : new PublicPath(trimmed.substring(0, space).toUpperCase(Locale.ROOT),
                            PathPattern.of(trimmed.substring(space + 1))));
        }
    }

    /** The route of a (normalised) path, or null when no service serves it. */
    public ResolvedRoute match(String path) {
        List<String> segments = PathPattern.split(path);
        for (Entry entry : entries) {
            if (entry.pattern().matches(segments)) {
                return entry.route();
            }
        }
        return null;
    }

    /** Whether the configuration lets anyone call this method and path without a token (HEAD as GET). */
    public boolean isPublic(String method, String path) {
        List<String> segments = PathPattern.split(path);
        String asMethod = "HEAD".equals(method) ? "GET" : method;
        for (PublicPath publicPath : publicPaths) {
            if ((publicPath.method() == null || publicPath.method().equals(asMethod))
                    && publicPath.pattern().matches(segments)) {
                return true;
            }
        }
        return false;
    }

    /** The patterns of each upstream's routes, to pick its part of the API description. */
    public Map<String, List<PathPattern>> patternsByUpstream() {
        Map<String, List<PathPattern>> result = new TreeMap<>();
        entries.forEach(e -> result.computeIfAbsent(e.route().upstreamName(), k -> new ArrayList<>()).add(e.pattern()));
        return result;
    }

    public Map<String, Upstream> upstreams() {
        return upstreams;
    }
}
