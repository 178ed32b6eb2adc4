package io.huiketang.kit.problem;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Thrown by service code to answer with a specific problem. The factory methods cover the statuses
 * the platform uses; each keeps the detail free of personal data.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Duration retryAfter;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    private ProblemException(Problem problem, Duration retryAfter) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public Problem problem() {
        return problem;
    }

    /** How long the client should wait, sent as {@code Retry-After}; null when not applicable. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public static ProblemException of(int status, String title, String detail) {
        return new ProblemException(new Problem(Problem.BLANK, title, status, detail, null, null, List.of()));
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(new Problem(Problem.BLANK, "Invalid request", 400,
                "The field '" + field + "' is invalid: " + message, null, null,
                List.of(new Problem.FieldError(field, message))));
    }

    public static ProblemException badRequest(String detail) {
        return of(400, "Bad request", detail);
    }

    public static ProblemException unauthorized(String detail) {
        return of(401, "Unauthorized", detail);
    }

    public static ProblemException forbidden(String detail) {
        return of(403, "Forbidden", detail);
    }

    public static ProblemException notFound(String detail) {
        return of(404, "Not found", detail);
    }

    public static ProblemException conflict(String detail) {
        return of(409, "Conflict", detail);
    }

    public static ProblemException gone(String detail) {
        return of(410, "Gone", detail);
    }

    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(new Problem(Problem.BLANK, "Too many requests", 429, detail, null, null,
                List.of()), retryAfter);
    }

    public static ProblemException serviceUnavailable(String detail, Duration retryAfter) {
        return new ProblemException(new Problem(Problem.BLANK, "Service unavailable", 503, detail, null, null,
                List.of()), retryAfter);
    }

    /** A problem with a specific type URI, for errors a client is expected to tell apart. */
    public static ProblemException typed(URI type, int status, String title, String detail) {
        return new ProblemException(new Problem(type, title, status, detail, null, null, List.of()));
    }
}
