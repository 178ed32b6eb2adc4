package io.huiketang.gateway.support;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * A small real upstream in the test JVM, for what account-service and meeting-service cannot show:
 * a WebSocket echo (chat-service has no endpoint yet), a service that is too slow, one that fails
 * with a stack trace, one that reports the headers and body it received.
 */
public final class TestUpstream implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    private TestUpstream(int port) throws Exception {
        // Selects the browsers' bearer-token-carrier subprotocol when offered, as chat-service does
        server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
                .setWebSocketSubProtocols(java.util.List.of("bearer-token-carrier"))).webSocketHandler(ws -> {
            if (!ws.path().startsWith("/api/v1/chat/")) {
                ws.reject(404);
                return;
            }
            ws.textMessageHandler(text -> ws.writeTextMessage("echo: " + text));
        }).requestHandler(request -> {
            String path = request.path();
            if (path.endsWith("/slow") || path.equals("/q/openapi")) {
                vertx.setTimer(5_000, t -> request.response().end("{}"));
            } else if (path.endsWith("/crash")) {
                request.response().setStatusCode(500).putHeader("Content-Type", "text/html")
                        .end("<pre>java.lang.NullPointerException\n\tat io.huiketang.Secret.method(Secret.java:42)</pre>");
            } else {
                long[] bytes = { 0 };
                request.handler(chunk -> bytes[0] += chunk.length());
                request.endHandler(v -> {
                    JsonObject headers = new JsonObject();
                    request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                    request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                            .put("uri", request.uri()).put("method", request.method().name())
                            .put("bodyBytes", bytes[0]).put("headers", headers).encode());
                });
            }
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static TestUpstream start(int port) throws Exception {
        return new TestUpstream(port);
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
