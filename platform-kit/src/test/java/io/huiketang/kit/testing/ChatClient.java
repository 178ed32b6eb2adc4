package io.huiketang.kit.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A chat-service client over a real WebSocket (the JDK's): frames received in a queue, the close
 * code and reason when the server closes. For chat-service's tests and system-tests' journeys (over
 * the gateway's TLS: pass an {@link HttpClient} with its trust; the JDK upgrades over HTTP/1.1 even
 * from a client that prefers HTTP/2).
 */
public final class ChatClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public record Closed(int code, String reason) {
    }

    /** A refused upgrade: its HTTP status and the Huiketang-Refusal header. */
    public record Refused(int status, String reason) {
    }

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private volatile boolean paused;
    private WebSocket socket;

    private ChatClient() {
    }

    /** Connects with the token in the Authorization header. */
    public static ChatClient withHeader(URI uri, String token) {
        return withHeader(HTTP, uri, token);
    }

    public static ChatClient withHeader(HttpClient http, URI uri, String token) {
        ChatClient client = new ChatClient();
        client.socket = client.join(http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, client.listener()));
        return client;
    }

    /** Connects as a browser does: the token in the bearer-token-carrier subprotocol convention. */
    public static ChatClient withSubprotocol(URI uri, String token) {
        return withSubprotocol(HTTP, uri, token);
    }

    public static ChatClient withSubprotocol(HttpClient http, URI uri, String token) {
        ChatClient client = new ChatClient();
        client.socket = client.join(http.newWebSocketBuilder()
                .subprotocols("bearer-token-carrier", "quarkus-http-upgrade#Authorization#Bearer%20" + token)
                .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, client.listener()));
        return client;
    }

    /** The refusal of an upgrade that must fail. */
    public static Refused refused(URI uri, String token) {
        return refused(HTTP, uri, token);
    }

    public static Refused refused(HttpClient http, URI uri, String token) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            WebSocket ws = builder.buildAsync(uri, new WebSocket.Listener() {
            }).join();
            ws.abort();
            throw new AssertionError("the upgrade was accepted");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refusal) {
                var response = refusal.getResponse();
                return new Refused(response.statusCode(), response.headers().firstValue("Huiketang-Refusal").orElse(null));
            }
            throw e;
        }
    }

    private WebSocket join(CompletableFuture<WebSocket> connecting) {
        try {
            WebSocket connected = connecting.get(15, TimeUnit.SECONDS);
            // The server's first frame: from here on this connection receives the room's frames
            next(frame -> "system".equals(frame.path("type").asText()) && "connected".equals(frame.path("event").asText()));
            return connected;
        } catch (Exception e) {
            throw new IllegalStateException("could not connect", e);
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        frames.add(JSON.readTree(partial.toString()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    partial.setLength(0);
                }
                if (!paused) {
                    webSocket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(new Closed(-1, String.valueOf(error)));
            }
        };
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(String frame) {
        socket.sendText(frame, true).join();
    }

    public void send(Object frame) {
        try {
            send(JSON.writeValueAsString(frame));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next frame matching {@code which}, skipping others; fails after 10 s. */
    public JsonNode next(Predicate<JsonNode> which) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (System.nanoTime() < deadline) {
                JsonNode frame = frames.poll(100, TimeUnit.MILLISECONDS);
                if (frame != null && which.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no such frame within 10 s; left: " + List.copyOf(frames));
    }

    public JsonNode next(String type) {
        return next(frame -> type.equals(frame.path("type").asText()));
    }

    /** The frames received so far and not taken. */
    public List<JsonNode> received() {
        return List.copyOf(frames);
    }

    /** Stops reading from the socket: the server's writes to it back up. */
    public void pause() {
        paused = true;
    }

    /** How the server closed the connection; fails when it stays open {@code within}. */
    public Closed awaitClosed(Duration within) {
        try {
            return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the connection stayed open for " + within, e);
        }
    }

    public boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.abort();
        }
    }
}
