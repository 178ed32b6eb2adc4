package io.huiketang.kit.problem;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the one error body every Huiketang API returns.
 *
 * @param type      a URI naming the kind of problem ({@code about:blank} when the status says it all)
 * @param title     short, stable summary of the kind of problem
 * @param status    the HTTP status code
 * @param detail    what went wrong with this request, for a person to read
 * @param instance  the request path (left out when longer than {@link #MAX_INSTANCE})
 * @param requestId the request id, to find the request in the logs
 * @param errors    one entry per rejected field, when the problem is about input
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, String requestId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final URI BLANK = URI.create("about:blank");

    /** A rejected field: its path in the request (e.g. {@code contact.email}) and why. */
    public record FieldError(String field, String message) {
    }

    /** The longest request path kept as {@code instance}; a longer one is left out, never echoed. */
    public static final int MAX_INSTANCE = 256;
    /** The longest detail sent; a longer one is cut. */
    public static final int MAX_DETAIL = 512;

    public Problem {
        if (detail != null && detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL - 1) + "\u2026";
        }
        if (instance != null && instance.length() > MAX_INSTANCE) {
            instance = null;
        }
    }

    public Problem withRequest(String instance, String requestId) {
        return new Problem(type, title, status, detail, instance, requestId, errors);
    }
}
