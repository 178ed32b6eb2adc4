package io.huiketang.gateway.routing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The path of a request in the one form the gateway checks and the services read: a route, a public
 * path or a rate-limit class is decided on exactly the path that is passed on. Forms that a service
 * could read differently from the gateway are refused rather than guessed: a matrix parameter
 * ({@code ;x}, which Quarkus REST ignores), an encoded slash, backslash, semicolon, percent sign or
 * control character. The rest is normalised: percent-encoded unreserved characters decoded and dot
 * segments removed (Vert.x' normalised path), repeated slashes collapsed.
 */
public final class RequestPath {

    /** The canonical path, or why the path is refused (then {@code path} is null). */
    public record Canonical(String path, String refusal) {
    }

    // %2F / , %5C \ , %3B ; , %25 % , %2E . (left when not decoded), %00-%1F and %7F control characters
    private static final Pattern AMBIGUOUS_ENCODING = Pattern.compile("%(2f|5c|3b|25|2e|[01][0-9a-f]|7f)");

    private RequestPath() {
    }

    /**
     * @param normalized Vert.x' {@code RoutingContext.normalizedPath()}: unreserved escapes decoded,
     *                   dot segments removed
     */
    public static Canonical of(String normalized) {
        if (normalized == null || !normalized.startsWith("/")) {
            return new Canonical(null, "The request path must start with '/'.");
        }
        if (normalized.indexOf(';') >= 0) {
            return new Canonical(null, "The request path may not contain ';' (matrix parameters are not accepted).");
        }
        if (normalized.indexOf('\\') >= 0) {
            return new Canonical(null, "The request path may not contain '\\'.");
        }
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return new Canonical(null, "The request path may not contain control characters.");
            }
        }
        if (AMBIGUOUS_ENCODING.matcher(normalized.toLowerCase(Locale.ROOT)).find()) {
            return new Canonical(null, "The request path may not encode '/', '\\', ';', '%', '.' or control characters.");
        }
        if (normalized.contains("//")) {
            return new Canonical(normalized.replaceAll("/{2,}", "/"), null);
        }
        return new Canonical(normalized, null);
    }
}
