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
 * Every request on the public ports is logged, refused ones too (probes and metrics scrapes are on
 * the management interface, whose requests never reach this router).
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
        // Before platform-kit's edge handlers (-1000, -999), so that what they refuse is logged too; the
        // request id is read when the answer ends
        router.route().order(-1002).handler(this::track);
    }

    private void track(RoutingContext rc) {
        String path = rc.normalizedPath();
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
