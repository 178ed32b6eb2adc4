package io.huiketang.gateway.routing;

import java.net.URI;
import java.util.Collection;
import java.util.regex.Pattern;

import io.vertx.core.MultiMap;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/**
 * The scheme, host and port a client called the gateway on: what it is told in place of a service's
 * own address, so that no internal host or port reaches a client.
 */
public final class PublicOrigin {

    // A host as a Host header may carry it; anything else is not echoed into an answer
    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[?[0-9A-Fa-f:.]{2,45}]?");
    private static final String[] URL_HEADERS = { "Location", "Content-Location" };

    private PublicOrigin() {
    }

    /** {@code https://localhost:8443}, or null when the request's Host is missing or odd. */
    public static String of(RoutingContext rc) {
        HostAndPort authority = rc.request().authority();
        if (authority == null || authority.host() == null || !SAFE_HOST.matcher(authority.host()).matches()) {
            return null;
        }
        String scheme = rc.request().isSSL() || "https".equals(rc.request().scheme()) ? "https" : "http";
        String host = authority.host().indexOf(':') >= 0 && !authority.host().startsWith("[")
                ? "[" + authority.host() + "]" : authority.host();
        int port = authority.port();
        boolean defaultPort = port < 0 || (scheme.equals("https") ? port == 443 : port == 80);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /**
     * Rewrites absolute URLs in {@code Location} and {@code Content-Location} that name one of the
     * upstreams to the client's origin (a relative reference is left as it is).
     *
     * @param upstreams the upstreams' authorities, {@code host:port}
     */
    static void rewriteUpstreamUrls(MultiMap headers, RoutingContext rc, Collection<String> upstreams) {
        for (String name : URL_HEADERS) {
            String value = headers.get(name);
            if (value == null) {
                continue;
            }
            String rewritten = rewritten(value, of(rc), upstreams);
            if (rewritten == null) {
                headers.remove(name);
            } else {
                headers.set(name, rewritten);
            }
        }
    }

    /**
     * The URL as the client should see it: an upstream's address (its host with its port, or with no
     * port, as a service behind the gateway names itself) becomes the origin; any other address, such
     * as an identity provider's on the same host, stays. Null for a value that is not a URL.
     */
    static String rewritten(String value, String origin, Collection<String> upstreams) {
        URI url;
        try {
            url = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!url.isAbsolute() || url.getHost() == null) {
            return value;
        }
        boolean upstream = url.getPort() < 0
                ? upstreams.stream().anyMatch(a -> a.startsWith(url.getHost() + ":"))
                : upstreams.contains(url.getHost() + ":" + url.getPort());
        if (!upstream) {
            return value;
        }
        String rest = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
                + (url.getRawFragment() == null ? "" : "#" + url.getRawFragment());
        return origin == null ? rest : origin + rest;
    }
}
