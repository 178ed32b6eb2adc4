package io.huiketang.gateway.security;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * HSTS and the usual hardening headers on every answer, proxied or not, set just before the headers
 * leave so that an upstream cannot drop them.
 */
@Singleton
public class SecurityHeaders {

    private final String hsts;
    private final boolean hstsOnPlainHttp;

    SecurityHeaders(SecurityHeadersConfig config) {
        long seconds = config.hstsMaxAge().toSeconds();
        this.hsts = seconds > 0 ? "max-age=" + seconds + "; includeSubDomains" : null;
        this.hstsOnPlainHttp = config.hstsOnPlainHttp();
    }

    void register(@Observes Router router) {
        router.route().order(-1001).handler(this::addOnHeadersEnd);
    }

    private void addOnHeadersEnd(RoutingContext rc) {
        boolean tls = rc.request().isSSL();
        rc.addHeadersEndHandler(v -> {
            HttpServerResponse response = rc.response();
            if (hsts != null && (tls || hstsOnPlainHttp)) {
                response.headers().set("Strict-Transport-Security", hsts);
            }
            response.headers().set("X-Content-Type-Options", "nosniff");
            response.headers().set("X-Frame-Options", "DENY");
            response.headers().set("Referrer-Policy", "no-referrer");
            if (!response.headers().contains("Content-Security-Policy")) {
                response.headers().set("Content-Security-Policy", "frame-ancestors 'none'");
            }
            // RFC 9110: a 401 says how to authenticate, whichever layer refused
            if (response.getStatusCode() == 401 && !response.headers().contains("WWW-Authenticate")) {
                response.headers().set("WWW-Authenticate", "Bearer realm=\"huiketang\", error=\"invalid_token\"");
            }
            // Servers behind the gateway do not announce themselves
            response.headers().remove("Server");
            response.headers().remove("X-Powered-By");
        });
        rc.next();
    }
}
