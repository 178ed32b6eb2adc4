package io.huiketang.gateway.routing;

import java.util.regex.Pattern;

/**
 * The path of a request with every identifier replaced by {@code {id}}: what the access log keeps.
 * Ids, meeting numbers, invitation tokens and anything else a client puts in a path can be personal
 * data or a credential, so only segments that look like the API's own words are kept; the query
 * string is never kept.
 */
public final class PathTemplates {

    // Words of the API: lowercase with hyphens/dots (verification-codes, jwks.json, .well-known) or a version
    private static final Pattern WORD = Pattern.compile("v[0-9]{1,3}|\\.?[a-z][a-z._-]{0,63}");

    private PathTemplates() {
    }

    /** A template longer than this (a path of very many segments) is logged as {@link #TOO_LONG}. */
    static final int MAX_LENGTH = 256;
    static final String TOO_LONG = "/{too-long}";

    public static String of(String path) {
        StringBuilder template = new StringBuilder();
        for (String segment : PathPattern.split(path)) {
            template.append('/').append(WORD.matcher(segment).matches() ? segment : "{id}");
            if (template.length() > MAX_LENGTH) {
                return TOO_LONG;
            }
        }
        return template.length() == 0 ? "/" : template.toString();
    }
}
