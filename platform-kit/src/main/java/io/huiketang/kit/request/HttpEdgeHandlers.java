package io.huiketang.kit.request;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

import io.huiketang.kit.problem.Problem;
import io.huiketang.kit.problem.Problems;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Handlers at the HTTP layer, before any resource runs: the request id, the limits on the request
 * line, headers and body, and problem bodies for errors the HTTP layer raises itself (so even those
 * are RFC 9457).
 */
@Singleton
public class HttpEdgeHandlers {

    private final long maxBodyBytes;
    private final HttpEdgeConfig limits;

    HttpEdgeHandlers(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            HttpEdgeConfig limits) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.limits = limits;
    }

    void register(@Observes Router router) {
        router.route().order(-1000).handler(this::requestId);
        router.route().order(-999).handler(this::requestLimits);
        router.route().order(-1000).failureHandler(this::problemForHttpFailure);
    }

    private void requestId(RoutingContext rc) {
        String id = RequestIds.acceptOrCreate(rc.request().getHeader(RequestIds.HEADER));
        rc.put(RequestIds.MDC_KEY, id);
        MDC.put(RequestIds.MDC_KEY, id);
        // Set as the headers leave, so that an answer passed on from elsewhere carries it once
        rc.addHeadersEndHandler(v -> rc.response().headers().set(RequestIds.HEADER, id));
        MetricsPaths.tag(rc, MetricsPaths.UNMATCHED);
        rc.next();
    }

    // The request line and headers within bounds, and a declared oversize body refused before reading
    // it; chunked bodies are caught by the failure handler
    private void requestLimits(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.uri().length() > limits.maxRequestLine()) {
            endWithProblem(rc, 414, "The request target is longer than " + limits.maxRequestLine() + " characters.");
            return;
        }
        if (request.headers().size() > limits.maxHeaders()) {
            endWithProblem(rc, 431, "The request has more than " + limits.maxHeaders() + " header fields.");
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length();
        }
        if (headerBytes > limits.maxHeaderBytes()) {
            endWithProblem(rc, 431, "The request headers are larger than " + limits.maxHeaderBytes() + " bytes.");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
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
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (rc.request().version() != HttpVersion.HTTP_2) {
            // The rest of the request is not read: the connection cannot be reused (HTTP/2 forbids the
            // header; there only this stream ends)
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        rc.response().end(Problems.json(problem));
    }
}
