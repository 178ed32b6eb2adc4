package io.huiketang.kit.request;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

import io.huiketang.kit.problem.Problem;
import io.huiketang.kit.problem.Problems;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Handlers at the HTTP layer, before any resource runs: the request id, the body-size limit, and
 * problem bodies for errors the HTTP layer raises itself (so even those are RFC 9457).
 */
@Singleton
public class HttpEdgeHandlers {

    private final long maxBodyBytes;

    HttpEdgeHandlers(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Router router) {
        router.route().order(-1000).handler(this::requestId);
        router.route().order(-999).handler(this::bodySizeLimit);
        router.route().order(-1000).failureHandler(this::problemForHttpFailure);
    }

    private void requestId(RoutingContext rc) {
        String id = RequestIds.acceptOrCreate(rc.request().getHeader(RequestIds.HEADER));
        rc.put(RequestIds.MDC_KEY, id);
        MDC.put(RequestIds.MDC_KEY, id);
        rc.response().putHeader(RequestIds.HEADER, id);
        rc.next();
    }

    // Refuse a declared oversize body before reading it; chunked bodies are caught by the failure handler
    private void bodySizeLimit(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    endWithProblem(rc, 413, "The request body is larger than " + maxBodyBytes + " bytes.");
                    return;
                }
            } catch (NumberFormatException e) {
                endWithProblem(rc, 400, "The Content-Length header is not a number.");
                return;
            }
        }
        rc.next();
    }

    private void problemForHttpFailure(RoutingContext rc) {
        int status = rc.statusCode();
        if (rc.response().headWritten() || status < 400 || status >= 500) {
            rc.next();
            return;
        }
        String detail = status == 413 ? "The request body is larger than " + maxBodyBytes + " bytes."
                : "The request could not be processed.";
        endWithProblem(rc, status, detail);
    }

    private static void endWithProblem(RoutingContext rc, int status, String detail) {
        Problem problem = Problems.forStatus(status, detail).withRequest(rc.request().path(),
                rc.get(RequestIds.MDC_KEY));
        rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Problems.json(problem));
    }
}
