package io.huiketang.gateway.accesslog;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.huiketang.gateway.routing.PathTemplates;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.request.RequestIds;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes one network-log entry per API request when its answer is complete (or the connection is
 * gone): time, client address, method, path template, status, latency and the hashed subject.
 * Probes and metrics scrapes under /q/ are not API requests and are not logged.
 */
@Singleton
public class AccessLogHandler {

    public static final String ROUTE_KEY = "gateway.route";
    public static final String SUBJECT_KEY = "gateway.subject";

    private final AccessLog accessLog;
    private final SensitiveFields sensitiveFields;

    AccessLogHandler(AccessLog accessLog, SensitiveFields sensitiveFields) {
        this.accessLog = accessLog;
        this.sensitiveFields = sensitiveFields;
    }

    void register(@Observes Router router) {
        // Right after the request id is known (platform-kit's handler runs at -1000)
        router.route().order(-998).handler(this::track);
    }

    private void track(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path.startsWith("/q/")) {
            rc.next();
            return;
        }
        OffsetDateTime arrived = OffsetDateTime.now(ZoneOffset.UTC);
        long started = System.nanoTime();
        String method = rc.request().method().name();
        String clientIp = rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().hostAddress();
        rc.addEndHandler(done -> {
            String route = rc.get(ROUTE_KEY);
            String subject = rc.get(SUBJECT_KEY);
            int status = rc.response().getStatusCode();
            accessLog.record(new AccessLogEntry(arrived, clientIp, method, PathTemplates.of(path),
                    route == null ? "unrouted" : route, status, (System.nanoTime() - started) / 1000,
                    subject == null ? null : sensitiveFields.lookupHash(subject), rc.get(RequestIds.MDC_KEY)));
        });
        rc.next();
    }
}
