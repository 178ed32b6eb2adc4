package io.huiketang.meeting.telemetry;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.huiketang.kit.problem.Problem;
import io.huiketang.kit.problem.Problems;
import io.huiketang.kit.request.RequestIds;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The telemetry endpoint's own body limit, below the service-wide one: a declared Content-Length
 * above it is refused with a 413 problem before the body is read, as platform-kit's
 * {@code HttpEdgeHandlers} does for the global limit (which runs first and still applies). A body
 * sent chunked, without a length, is held to the global limit only; what it can store is bounded
 * anyway by the schema (at most 100 reports of bounded fields).
 */
@Singleton
public class TelemetryBodyLimit {

    private final long maxBodyBytes;

    TelemetryBodyLimit(TelemetryConfig config) {
        this.maxBodyBytes = config.maxBodySize().asLongValue();
    }

    void register(@Observes Router router) {
        router.route(HttpMethod.POST, TelemetryResource.PATH).order(-998).handler(this::limit);
    }

    private void limit(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            // platform-kit's handler, which runs before this one, refuses it already
            declared = 0;
        }
        if (declared <= maxBodyBytes) {
            rc.next();
            return;
        }
        Problem problem = Problems.forStatus(413, "A telemetry batch may be at most " + maxBodyBytes
                + " bytes; send fewer reports at once.").withRequest(rc.request().path(), rc.get(RequestIds.MDC_KEY));
        rc.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                // The unread body would otherwise be taken for the next request
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Problems.json(problem));
    }
}
