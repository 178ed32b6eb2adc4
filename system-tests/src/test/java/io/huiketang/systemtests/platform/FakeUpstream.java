package io.huiketang.systemtests.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * An outside party the platform calls (an enterprise's identity provider, WeChat, or a service in
 * the platform's own network that it must never call), played by the test: each path answers what
 * the test sets, and every call is counted.
 */
public final class FakeUpstream implements AutoCloseable {

    /** What a path answers. @param location a Location header, or null */
    public record Reply(int status, String contentType, byte[] body, String location) {

        public static Reply json(String body) {
            return new Reply(200, "application/json", body.getBytes(StandardCharsets.UTF_8), null);
        }

        public static Reply redirect(String location) {
            return new Reply(302, null, new byte[0], location);
        }
    }

    private final HttpServer server;
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile Reply otherwise;

    private FakeUpstream(Reply otherwise) throws IOException {
        this.otherwise = otherwise;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            Reply reply = replies.getOrDefault(path, this.otherwise);
            if (reply.contentType() != null) {
                exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            }
            if (reply.location() != null) {
                exchange.getResponseHeaders().add("Location", reply.location());
            }
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            } catch (IOException e) {
                // the platform stopped reading (an answer too large): what it should do
            }
            exchange.close();
        });
        server.start();
    }

    /** @param otherwise what every path answers that the test has not set */
    public static FakeUpstream start(Reply otherwise) {
        try {
            return new FakeUpstream(otherwise);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public FakeUpstream answer(String path, Reply reply) {
        replies.put(path, reply);
        return this;
    }

    public FakeUpstream otherwise(Reply reply) {
        otherwise = reply;
        return this;
    }

    /** Forgets every answer set, back to the default. */
    public void reset(Reply defaultReply) {
        replies.clear();
        otherwise = defaultReply;
    }

    /** How many calls reached this party, on any path. */
    public int calls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
