package io.huiketang.gateway.routing;

import java.util.Arrays;
import java.util.List;

/**
 * A path pattern of the routing configuration: literal segments, {@code *} for exactly one segment,
 * and a trailing {@code /**} for any number of further segments (including none). Literal segments
 * match whatever their case: a path is never classed more leniently because of its spelling.
 */
public record PathPattern(String text, List<String> segments, boolean openEnded) {

    public static PathPattern of(String text) {
        String trimmed = text.trim();
        if (!trimmed.startsWith("/")) {
            throw new IllegalArgumentException("A path pattern starts with '/': " + text);
        }
        boolean openEnded = trimmed.endsWith("/**");
        String fixed = openEnded ? trimmed.substring(0, trimmed.length() - 3) : trimmed;
        return new PathPattern(trimmed, split(fixed), openEnded);
    }

    public boolean matches(String path) {
        return matches(split(path));
    }

    boolean matches(List<String> path) {
        if (path.size() < segments.size() || (!openEnded && path.size() != segments.size())) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            if (!expected.equals("*") && !expected.equalsIgnoreCase(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Higher is more specific: more literal segments first, then a closed pattern before an open one. */
    public int specificity() {
        int literal = (int) segments.stream().filter(s -> !s.equals("*")).count();
        return literal * 4 + segments.size() * 2 + (openEnded ? 0 : 1);
    }

    static List<String> split(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
