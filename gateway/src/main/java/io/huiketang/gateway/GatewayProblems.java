package io.huiketang.gateway;

import java.util.Map;

import io.huiketang.kit.problem.Problem;
import io.huiketang.kit.problem.Problems;
import io.huiketang.kit.request.RequestIds;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway answers in the platform's one error format (platform-kit's RFC 9457 problem with the
 * request id), written straight on the HTTP layer because proxied routes never reach JAX-RS.
 */
public final class GatewayProblems {

    private GatewayProblems() {
    }

    public static void send(RoutingContext rc, int status, String detail) {
        send(rc, status, detail, Map.of());
    }

    public static void send(RoutingContext rc, int status, String detail, Map<String, String> headers) {
        send(rc, Problems.forStatus(status, detail), headers);
    }

    /** Sends a problem of platform-kit's (one with its own type), completed with the path and request id. */
    public static void send(RoutingContext rc, Problem problem, Map<String, String> headers) {
        int status = problem.status();
        HttpServerResponse response = rc.response();
        if (response.headWritten()) {
            // Part of an upstream answer is already on its way: all that is left is to cut it off
            response.reset();
            return;
        }
        Problem complete = problem.withRequest(rc.normalizedPath(), rc.get(RequestIds.MDC_KEY));
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        headers.forEach(response::putHeader);
        if (!rc.request().isEnded() && rc.request().version() != HttpVersion.HTTP_2) {
            // The client is still sending a body nobody will read: an HTTP/1 connection cannot be
            // reused (HTTP/2 forbids the header; there only this stream ends, and the body with it)
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        if (rc.request().method() == HttpMethod.HEAD) {
            // The headers of the problem, no body: over HTTP/2 a body after HEAD breaks the stream
            response.end();
        } else {
            response.end(Problems.json(complete));
        }
    }

    /** A refusal decided by the gateway (auth, limits, routing), carried through a failed future. */
    public static final class Refusal extends RuntimeException {
        private final transient Problem problem;
        private final transient Map<String, String> headers;

        public Refusal(int status, String detail) {
            this(status, detail, Map.of());
        }

        public Refusal(int status, String detail, Map<String, String> headers) {
            this(Problems.forStatus(status, detail), headers);
        }

        public Refusal(Problem problem, Map<String, String> headers) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
            this.headers = headers;
        }

        public int status() {
            return problem.status();
        }

        public Problem problem() {
            return problem;
        }

        public Map<String, String> headers() {
            return headers;
        }
    }
}
