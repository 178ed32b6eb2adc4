package io.huiketang.kit.request;

import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * The path template that HTTP metrics tag a request with (Micrometer's {@code uri} tag). A raw path
 * can hold invitation tokens and ids, so a request is tagged {@link #UNMATCHED} until something that
 * knows its template (Quarkus REST for a resource, the gateway for a route) names it.
 */
public final class MetricsPaths {

    /** The tag of every request whose template nobody named. */
    public static final String UNMATCHED = "/{unmatched}";
    // The request-context key Quarkus' Micrometer binder reads (and Quarkus REST sets for its resources)
    private static final String TEMPLATE_KEY = "UrlPathTemplate";

    private MetricsPaths() {
    }

    public static void tag(RoutingContext rc, String template) {
        if (rc.request() instanceof HttpServerRequestInternal request) {
            request.context().putLocal(TEMPLATE_KEY, template);
        }
    }
}
