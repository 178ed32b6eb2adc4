package io.huiketang.gateway.routing;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.huiketang.gateway.GatewayProblems;
import io.huiketang.kit.problem.Problem;
import io.huiketang.kit.request.RequestIds;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Passes a request to its upstream with the Vert.x HTTP proxy: bodies stream both ways (an upload is
 * never held in memory), hop-by-hop headers are dropped, and the gateway adds the request id, the
 * client's address and the trace context. What a client sees when the upstream fails is decided here:
 * 503 when it cannot be reached, 504 when it does not answer in the route's time, a problem without
 * the upstream's internals when it answers a server error that is not a problem.
 */
@Singleton
public class UpstreamProxy {

    private static final Logger LOG = Logger.getLogger(UpstreamProxy.class);
    static final String TRACE_PARENT_KEY = "gateway.trace-parent";
    static final String UNAVAILABLE = "The service behind this path is unavailable; retry shortly.";
    static final String TIMED_OUT = "The service behind this path did not answer in time.";

    private final HttpClient client;
    private final Tracer tracer;
    private final OpenTelemetry openTelemetry;
    private final Set<String> upstreamAuthorities;

    UpstreamProxy(Vertx vertx, Tracer tracer, OpenTelemetry openTelemetry, RouteTable routes) {
        this.upstreamAuthorities = routes.upstreams().values().stream().map(u -> u.host() + ":" + u.port())
                .collect(Collectors.toUnmodifiableSet());
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setTrustAll(false).setVerifyHost(true).setDecompressionSupported(false)
                // The span of each proxied call is this class's own, a child of the request's span; the
                // client's automatic one would start from whatever context the checks completed on
                .setTracingPolicy(TracingPolicy.IGNORE),
                new PoolOptions().setHttp1MaxSize(200));
        this.tracer = tracer;
        this.openTelemetry = openTelemetry;
    }

    public void forward(RoutingContext rc, RouteTable.ResolvedRoute route, String clientIp) {
        HttpServerRequest request = rc.request();
        RouteTable.Upstream upstream = route.upstream();
        ProxyRequest proxyRequest = ProxyRequest.reverseProxy(request);
        String uri = upstreamUri(rc);
        proxyRequest.setURI(uri);
        proxyRequest.setAuthority(HostAndPort.create(upstream.host(), upstream.port()));
        Span span = startSpan(rc, route);
        prepareHeaders(proxyRequest.headers(), rc, clientIp, span);
        BodyLimit limit = null;
        if (proxyRequest.getBody() != null && proxyRequest.getBody().length() < 0) {
            // A body without Content-Length (chunked) is counted as it streams through
            limit = new BodyLimit(proxyRequest.getBody().stream(), route.settings().maxBodySize().asLongValue());
            proxyRequest.setBody(Body.body(limit, -1));
        }
        BodyLimit bodyLimit = limit;
        client.request(options(route, request.method(), uri)).onComplete(connected -> {
            if (connected.failed()) {
                proxyRequest.release();
                endSpan(span, 503, connected.cause());
                failed(rc, route, connected.cause(), bodyLimit);
                return;
            }
            proxyRequest.send(connected.result()).onComplete(answered -> {
                if (answered.failed()) {
                    endSpan(span, 0, answered.cause());
                    failed(rc, route, answered.cause(), bodyLimit);
                    return;
                }
                ProxyResponse response = answered.result();
                int status = response.getStatusCode();
                if (status >= 500 && !isProblem(response.headers())) {
                    // Whatever a failing service says about itself stays behind the gateway
                    response.release();
                    endSpan(span, status, null);
                    LOG.warnf("%s answered %d without a problem body for %s %s", upstream.title(), status,
                            request.method(), PathTemplates.of(rc.normalizedPath()));
                    GatewayProblems.send(rc, status, "The service behind this path failed. Quote the request id "
                            + "when you report it.");
                    return;
                }
                // A service names itself by its internal address (https://127.0.0.1/...): the client is told its own
                PublicOrigin.rewriteUpstreamUrls(response.headers(), rc, upstreamAuthorities);
                response.send().onComplete(sent -> endSpan(span, status, sent.failed() ? sent.cause() : null));
            });
        });
    }

    /** Passes a WebSocket upgrade through: the upstream accepts it, then bytes flow both ways untouched. */
    public void tunnelWebSocket(RoutingContext rc, RouteTable.ResolvedRoute route, String clientIp) {
        HttpServerRequest request = rc.request();
        String uri = upstreamUri(rc);
        Span span = startSpan(rc, route);
        client.request(options(route, HttpMethod.GET, uri)).onComplete(connected -> {
            if (connected.failed()) {
                endSpan(span, 503, connected.cause());
                request.resume();
                failed(rc, route, connected.cause(), null);
                return;
            }
            HttpClientRequest upstreamRequest = connected.result();
            upstreamRequest.headers().addAll(request.headers());
            upstreamRequest.headers().set(HttpHeaders.HOST, route.upstream().host() + ":" + route.upstream().port());
            prepareHeaders(upstreamRequest.headers(), rc, clientIp, span);
            upstreamRequest.connect().onComplete(upgraded -> {
                if (upgraded.failed()) {
                    endSpan(span, 0, upgraded.cause());
                    request.resume();
                    failed(rc, route, upgraded.cause(), null);
                    return;
                }
                HttpClientResponse upstreamResponse = upgraded.result();
                if (upstreamResponse.statusCode() != 101) {
                    endSpan(span, upstreamResponse.statusCode(), null);
                    request.resume();
                    GatewayProblems.send(rc, upstreamResponse.statusCode() >= 400 ? upstreamResponse.statusCode() : 502,
                            "The service behind this path refused the WebSocket upgrade.");
                    return;
                }
                HttpServerResponse response = rc.response().setStatusCode(101);
                response.headers().addAll(upstreamResponse.headers());
                request.toNetSocket().onComplete(accepted -> {
                    if (accepted.failed()) {
                        endSpan(span, 0, accepted.cause());
                        upstreamResponse.netSocket().close();
                        return;
                    }
                    NetSocket clientSide = accepted.result();
                    NetSocket upstreamSide = upstreamResponse.netSocket();
                    clientSide.handler(upstreamSide::write);
                    upstreamSide.handler(clientSide::write);
                    clientSide.closeHandler(v -> upstreamSide.close());
                    upstreamSide.closeHandler(v -> {
                        clientSide.close();
                        endSpan(span, 101, null);
                    });
                });
            });
        });
    }

    private static RequestOptions options(RouteTable.ResolvedRoute route, HttpMethod method, String uri) {
        RouteTable.Upstream upstream = route.upstream();
        return new RequestOptions().setMethod(method).setHost(upstream.host()).setPort(upstream.port())
                .setSsl(upstream.ssl()).setURI(uri)
                .setConnectTimeout(upstream.settings().connectTimeout().toMillis())
                .setIdleTimeout(route.settings().timeout().toMillis());
    }

    /** The path exactly as checked ({@link RequestPath}: nothing that could slip past a rule) plus the query. */
    private static String upstreamUri(RoutingContext rc) {
        String path = rc.get(GatewayRouter.PATH_KEY);
        String query = rc.request().query();
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    private void prepareHeaders(MultiMap headers, RoutingContext rc, String clientIp, Span span) {
        HttpServerRequest request = rc.request();
        // The gateway is where the client's own claims about its address stop being believed
        headers.remove("Forwarded");
        headers.remove("X-Forwarded-Port");
        headers.remove("X-Forwarded-Prefix");
        headers.set("X-Forwarded-For", clientIp);
        headers.set("X-Forwarded-Proto", request.isSSL() ? "https" : forwardedProto(request));
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        headers.set(RequestIds.HEADER, (String) rc.get(RequestIds.MDC_KEY));
        openTelemetry.getPropagators().getTextMapPropagator().inject(parentOf(rc).with(span), headers,
                (carrier, key, value) -> carrier.set(key, value));
    }

    private static String forwardedProto(HttpServerRequest request) {
        // Behind a TLS-terminating ingress Quarkus has already taken the scheme from a trusted proxy
        return "https".equals(request.scheme()) ? "https" : "http";
    }

    private Span startSpan(RoutingContext rc, RouteTable.ResolvedRoute route) {
        String template = PathTemplates.of(rc.normalizedPath());
        return tracer.spanBuilder("gateway " + rc.request().method().name() + " " + template)
                .setSpanKind(SpanKind.CLIENT).setParent(parentOf(rc))
                .setAttribute("http.request.method", rc.request().method().name())
                .setAttribute("url.template", template)
                .setAttribute("huiketang.route", route.name())
                .setAttribute("server.address", route.upstream().host())
                .setAttribute("server.port", (long) route.upstream().port())
                .startSpan();
    }

    /**
     * Keeps the request's trace context for the proxied call's span: the server span when there is
     * one, else the caller's own {@code traceparent}, so the trace continues either way.
     */
    public void captureTraceParent(RoutingContext rc) {
        Context current = Context.current();
        if (!Span.fromContext(current).getSpanContext().isValid()) {
            current = openTelemetry.getPropagators().getTextMapPropagator().extract(current, rc.request().headers(),
                    HEADERS);
        }
        rc.put(TRACE_PARENT_KEY, current);
    }

    private static final TextMapGetter<MultiMap> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(MultiMap carrier) {
            return carrier.names();
        }

        @Override
        public String get(MultiMap carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static Context parentOf(RoutingContext rc) {
        Context parent = rc.get(TRACE_PARENT_KEY);
        return parent != null ? parent : Context.current();
    }

    private static void endSpan(Span span, int status, Throwable failure) {
        if (status > 0) {
            span.setAttribute("http.response.status_code", (long) status);
        }
        if (failure != null || status >= 500) {
            span.setStatus(StatusCode.ERROR);
            if (failure != null) {
                span.setAttribute("error.type", failure.getClass().getName());
            }
        }
        span.end();
    }

    private static boolean isProblem(MultiMap headers) {
        String type = headers.get(HttpHeaders.CONTENT_TYPE);
        return type != null && type.startsWith(Problem.MEDIA_TYPE);
    }

    private static void failed(RoutingContext rc, RouteTable.ResolvedRoute route, Throwable cause, BodyLimit limit) {
        if (limit != null && limit.exceeded()) {
            GatewayProblems.send(rc, 413, "The request body is larger than "
                    + route.settings().maxBodySize().asLongValue() + " bytes.");
            return;
        }
        if (isUnreachable(cause)) {
            LOG.warnf("%s unreachable for %s %s: %s", route.upstream().title(), rc.request().method(),
                    PathTemplates.of(rc.normalizedPath()), cause.toString());
            GatewayProblems.send(rc, 503, UNAVAILABLE, java.util.Map.of("Retry-After", "5"));
        } else if (isTimeout(cause)) {
            LOG.warnf("%s timed out after %s for %s %s", route.upstream().title(), route.settings().timeout(),
                    rc.request().method(), PathTemplates.of(rc.normalizedPath()));
            GatewayProblems.send(rc, 504, TIMED_OUT);
        } else {
            LOG.warnf("%s failed for %s %s: %s", route.upstream().title(), rc.request().method(),
                    PathTemplates.of(rc.normalizedPath()), cause.toString());
            GatewayProblems.send(rc, 502, "The service behind this path broke off its answer.");
        }
    }

    static boolean isUnreachable(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c.getClass().getSimpleName().equals("ConnectionPoolTooBusyException")) {
                return true;
            }
        }
        return false;
    }

    static boolean isTimeout(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
