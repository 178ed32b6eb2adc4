package io.huiketang.gateway.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.huiketang.gateway.routing.PathPattern;
import io.huiketang.gateway.routing.PublicOrigin;
import io.huiketang.gateway.routing.RouteTable;
import io.huiketang.kit.request.MetricsPaths;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /api/openapi: the one API description, merged from every service's /q/openapi when asked
 * (briefly cached). Services are asked in parallel, each with a short timeout, so one that is down
 * or slow costs at most that timeout and leaves a note, never a broken document.
 */
@Singleton
public class MergedOpenApi {

    public static final String PATH = "/api/openapi";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouteTable routes;
    private final OpenApiConfig config;
    private final HttpClient client;
    private volatile Future<ObjectNode> cached;
    private volatile long cachedAt;

    MergedOpenApi(RouteTable routes, OpenApiConfig config, Vertx vertx) {
        this.routes = routes;
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    }

    void register(@Observes Router router) {
        router.get(PATH).handler(this::serve);
    }

    private void serve(RoutingContext rc) {
        MetricsPaths.tag(rc, PATH);
        document().onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(ar.cause());
                return;
            }
            ObjectNode document = ar.result().deepCopy();
            document.putArray("servers").addObject().put("url", config.publicUrl().orElseGet(() -> originOrRelative(rc)));
            rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end(document.toPrettyString());
        });
    }

    private static String originOrRelative(RoutingContext rc) {
        String origin = PublicOrigin.of(rc);
        return origin == null ? "/" : origin;
    }

    Future<ObjectNode> document() {
        Future<ObjectNode> current = cached;
        long now = System.nanoTime();
        if (current != null && now - cachedAt < config.cacheFor().toNanos()) {
            return current;
        }
        Map<String, List<PathPattern>> patterns = routes.patternsByUpstream();
        List<Future<OpenApiMerger.Part>> parts = new ArrayList<>();
        routes.upstreams().forEach((name, upstream) -> {
            if (patterns.containsKey(name) && upstream.management() != null
                    && upstream.settings().openapiPath().isPresent()) {
                parts.add(fetch(upstream, patterns.get(name)));
            }
        });
        Future<ObjectNode> merged = Future.join(parts).transform(ignored -> {
            List<OpenApiMerger.Part> done = parts.stream().map(Future::result).toList();
            return Future.succeededFuture(OpenApiMerger.merge(done, config.version(), "/", routes::isPublic));
        });
        cached = merged;
        cachedAt = now;
        return merged;
    }

    private Future<OpenApiMerger.Part> fetch(RouteTable.Upstream upstream, List<PathPattern> patterns) {
        long timeout = config.fetchTimeout().toMillis();
        // Services describe their API on their management interface, never on the port the gateway routes to
        RouteTable.Address management = upstream.management();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(management.host())
                .setPort(management.port()).setSsl(management.ssl())
                .setURI(upstream.settings().openapiPath().get() + "?format=json")
                .setConnectTimeout(timeout).setTimeout(timeout)
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        return client.request(options)
                .compose(request -> request.send())
                .compose(response -> bodyOf(response))
                .map(body -> new OpenApiMerger.Part(upstream.name(), upstream.title(), patterns, parse(body), null))
                .recover(failure -> Future.succeededFuture(new OpenApiMerger.Part(upstream.name(), upstream.title(),
                        patterns, null, reason(failure))));
    }

    private static Future<Buffer> bodyOf(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            return response.body().transform(ignored -> Future.failedFuture(
                    new IllegalStateException("its API description answered HTTP " + response.statusCode())));
        }
        return response.body();
    }

    private static JsonNode parse(Buffer body) {
        try {
            return JSON.readTree(body.getBytes());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("its API description is not JSON", e);
        }
    }

    private static String reason(Throwable failure) {
        if (failure instanceof IllegalStateException && failure.getMessage() != null
                && failure.getMessage().startsWith("its ")) {
            return failure.getMessage();
        }
        String name = failure.getClass().getSimpleName();
        if (name.contains("Timeout")) {
            return "it did not answer in time";
        }
        if (failure instanceof java.net.ConnectException || name.contains("Connect")) {
            return "it is not reachable";
        }
        return "its API description could not be read";
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
