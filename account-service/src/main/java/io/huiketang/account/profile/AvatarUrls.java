package io.huiketang.account.profile;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.kit.problem.ProblemException;

/**
 * Avatar URLs that other people's clients will load: https on port 443, on one of the configured
 * host names, never userinfo, an IP literal (loopback, private, link-local, metadata addresses or
 * any other) or a local name. A host list, not a deny list: every way of writing an address
 * (decimal, hex, IPv4-mapped IPv6) is refused because it is not a listed name.
 */
@ApplicationScoped
public class AvatarUrls {

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    private final Set<String> allowedHosts;

    AvatarUrls(AvatarsConfig config) {
        this.allowedHosts = config.allowedHosts().stream().map(h -> h.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        for (String host : allowedHosts) {
            if (!isPublicName(host)) {
                throw new IllegalStateException("huiketang.account.avatars.allowed-hosts must list public host names, not "
                        + host);
            }
        }
    }

    /** The URL if it is allowed, else a 400 problem naming {@code field}. */
    public String require(String raw, String field) {
        URI uri = parse(raw);
        if (uri == null || uri.getScheme() == null || !"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw ProblemException.invalidField(field, "must be an https URL");
        }
        if (!allowed(uri)) {
            throw ProblemException.invalidField(field, "must be on one of the platform's media hosts: "
                    + String.join(", ", allowedHosts.stream().sorted().toList()));
        }
        return raw;
    }

    /** A provider's avatar (WeChat's): kept if allowed, else dropped. */
    public String acceptedOrNull(String raw) {
        URI uri = raw == null ? null : parse(raw);
        return uri != null && "https".equalsIgnoreCase(uri.getScheme()) && allowed(uri) ? raw : null;
    }

    private boolean allowed(URI uri) {
        String host = uri.getHost();
        return host != null && uri.getRawUserInfo() == null && (uri.getPort() == -1 || uri.getPort() == 443)
                && uri.getRawAuthority() != null && !uri.getRawAuthority().contains("@")
                && allowedHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    static boolean isPublicName(String host) {
        return HOST_NAME.matcher(host).matches() && !host.equals("localhost") && !host.endsWith(".localhost")
                && !host.endsWith(".local") && !host.endsWith(".internal") && !host.matches("[0-9.]+");
    }

    private static URI parse(String raw) {
        try {
            return new URI(raw);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
