package io.huiketang.gateway.routing;

import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.huiketang.gateway.GatewayProblems;
import io.huiketang.gateway.GatewayProblems.Refusal;
import io.huiketang.gateway.accesslog.AccessLogHandler;
import io.huiketang.gateway.ratelimit.RateLimiter;
import io.huiketang.gateway.security.CallerAuthentication;
import io.huiketang.gateway.security.UpgradeTokens;
import io.huiketang.kit.request.MetricsPaths;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's one handler for every routed path, in the order a request meets the checks: which
 * route, body size, token, rate limit, then the upstream (plain HTTP or a WebSocket upgrade). Paths
 * no route claims fall through to the gateway's own endpoints and finally to a 404 problem.
 */
@Singleton
public class GatewayRouter {

    private static final Logger LOG = Logger.getLogger(GatewayRouter.class);
    // After Quarkus' authentication handler (it provides the deferred identity), before Quarkus REST
    static final int ORDER = RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT;
    /** The canonical path ({@link RequestPath}) of a routed request: what is checked and passed on. */
    public static final String PATH_KEY = "gateway.path";
    private static final String SWAGGER_UI = "/api/docs";
    private static final String MANAGEMENT_ROOT = "/q";
    static final int CANONICAL_ORDER = -997;

    private final RouteTable routes;
    private final CallerAuthentication authentication;
    private final RateLimiter rateLimiter;
    private final UpstreamProxy proxy;

    GatewayRouter(RouteTable routes, CallerAuthentication authentication, RateLimiter rateLimiter,
            UpstreamProxy proxy) {
        this.routes = routes;
        this.authentication = authentication;
        this.rateLimiter = rateLimiter;
        this.proxy = proxy;
    }

    void register(@Observes Router router) {
        // After platform-kit's edge handlers (request id -1000, limits -999) and the access log's start (-1002)
        router.route().order(CANONICAL_ORDER).handler(this::canonicalise);
        router.route().order(ORDER).handler(this::handle);
    }

    /**
     * Before anything reads the path: ambiguous forms refused, the rest made canonical, and the
     * management paths (/q/**, served only on the management interface) answered 404 here whatever
     * a Quarkus extension registers on the public router.
     */
    void canonicalise(RoutingContext rc) {
        RequestPath.Canonical canonical = RequestPath.of(rc.normalizedPath());
        if (canonical.refusal() != null) {
            GatewayProblems.send(rc, 400, canonical.refusal());
            return;
        }
        String path = canonical.path();
        if (path.equalsIgnoreCase(MANAGEMENT_ROOT) || path.regionMatches(true, 0, MANAGEMENT_ROOT + "/", 0,
                MANAGEMENT_ROOT.length() + 1)) {
            GatewayProblems.send(rc, 404, "No resource exists at this path.");
            return;
        }
        rc.put(PATH_KEY, path);
        if (path.startsWith(SWAGGER_UI)) {
            // Its files are served before the gateway's routes are looked at: one tag for all of them
            MetricsPaths.tag(rc, SWAGGER_UI);
        }
        rc.next();
    }

    void handle(RoutingContext rc) {
        String path = rc.get(PATH_KEY);
        RouteTable.ResolvedRoute route = routes.match(path);
        if (route == null) {
            rc.next();
            return;
        }
        MetricsPaths.tag(rc, route.pattern().text());
        HttpServerRequest request = rc.request();
        // Nothing of the body is read until the upstream is ready to take it
        request.pause();
        rc.put(AccessLogHandler.ROUTE_KEY, route.name());
        // The request's trace context, taken now: the checks below complete on other contexts
        proxy.captureTraceParent(rc);
        String clientIp = clientIp(request);

        String declaredLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long maxBytes = route.settings().maxBodySize().asLongValue();
        if (declaredLength != null && parseLength(declaredLength) > maxBytes) {
            GatewayProblems.send(rc, 413, "The request body is larger than " + maxBytes + " bytes.");
            return;
        }

        boolean publicPath = routes.isPublic(request.method().name(), path);
        if (route.settings().websocket() && isWebSocketUpgrade(request)) {
            UpgradeTokens.promote(request);
        }
        authentication.subject(rc, publicPath, route.settings().staff())
                .compose(subject -> {
                    rc.put(AccessLogHandler.SUBJECT_KEY, subject);
                    return Future.fromCompletionStage(rateLimiter.take(route.settings().rateLimit(),
                            subject != null ? "sub:" + subject : "ip:" + clientIp).subscribeAsCompletionStage(),
                            rc.vertx().getOrCreateContext());
                })
                .onSuccess(decision -> {
                    if (decision != null) {
                        if (!decision.allowed()) {
                            GatewayProblems.send(rc, 429, "Too many requests on this route; retry after "
                                    + decision.retryAfterSeconds() + " s.", decision.headers());
                            return;
                        }
                        decision.headers().forEach(rc.response()::putHeader);
                    }
                    if (route.settings().websocket() && isWebSocketUpgrade(request)) {
                        proxy.tunnelWebSocket(rc, route, clientIp);
                    } else {
                        proxy.forward(rc, route, clientIp);
                    }
                })
                .onFailure(failure -> {
                    if (failure instanceof Refusal refusal) {
                        GatewayProblems.send(rc, refusal.problem(), refusal.headers());
                    } else if (UpstreamProxy.isUnreachable(failure) || UpstreamProxy.isTimeout(failure)) {
                        // Redis (rate limits, revoked sessions) out of reach: refuse rather than guess
                        LOG.warnf("Gateway dependency unavailable on %s %s: %s", request.method(), PathTemplates.of(path),
                                failure);
                        GatewayProblems.send(rc, 503, "The gateway cannot check this request right now; retry shortly.",
                                Map.of("Retry-After", "5"));
                    } else {
                        LOG.errorf(failure, "Gateway failure on %s %s", request.method(), PathTemplates.of(path));
                        GatewayProblems.send(rc, 500, "An unexpected error occurred. Quote the request id when you "
                                + "report it.");
                    }
                });
    }

    static String clientIp(HttpServerRequest request) {
        // Behind a trusted ingress Quarkus has already replaced this with the forwarded client address
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        String connection = request.getHeader(HttpHeaders.CONNECTION);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket") && connection != null
                && connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade");
    }
}
