package io.huiketang.systemtests.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.ServiceProcess;
import io.huiketang.systemtests.chat.ChatJourney;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * A 300-person room on chat-service (CHT-1): messages from a few senders fanned out to everyone else,
 * delivery latency from the sender's write to each receiver's read, first on one process, then with
 * the room split over two processes (Redis pub/sub between them), beside raw Redis pub/sub to as many
 * subscribers on the same machine; and the memory each idle connection costs the service.
 */
@Tag("benchmark")
class ChatFanOutBenchmark {

    private static final int ROOM = 300;
    private static final int SENDERS = 10;
    /** Per sender, under chat-service's default limit of 20 frames a second. */
    private static final int MESSAGES_PER_SENDER_PER_SECOND = 10;
    private static final int SECONDS = 10;
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"(m-[0-9]+)\"");
    private static final Pattern TEXT = Pattern.compile("\"type\"\\s*:\\s*\"text\"");

    @Test
    void fanOutInA300PersonRoom() throws Exception {
        Platform platform = Platform.get();
        Client app = platform.client();
        ServiceProcess chat = platform.service("chat-service");
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < ROOM; i++) {
            people.add(app.registerAdult("群聊" + i));
        }
        String meetingId = ChatJourney.meetingWith(app, people.get(0), people.subList(1, ROOM).toArray(Person[]::new));
        HttpClient http = HttpClient.newHttpClient();

        collectGarbage(chat);
        long rssBefore = chat.rssMegabytes();
        List<TimedSocket> sockets = new ArrayList<>();
        for (Person person : people) {
            sockets.add(TimedSocket.connect(http, ws(chat, meetingId), person.token()));
        }
        collectGarbage(chat);
        long rssAfter = chat.rssMegabytes();

        StringBuilder md = new StringBuilder("## chat-service: fan-out in a 300-person room\n\n")
                .append("The packaged platform; ").append(ROOM).append(" participants of one meeting connected straight to ")
                .append("chat-service over WebSocket from one client JVM (no gateway, so the figures are the relay's). ")
                .append(SENDERS).append(" of them each send ").append(MESSAGES_PER_SENDER_PER_SECOND)
                .append(" text frames a second for ").append(SECONDS).append(" s; every frame is delivered to the ")
                .append(ROOM - 1).append(" others. Latency: from the sender's write to each receiver's read, both in ")
                .append("this JVM. Two replicas: the room split over the platform's chat-service and a second process, ")
                .append("frames crossing by Redis pub/sub. Raw Redis: one publisher and ").append(ROOM)
                .append(" subscribers on plain sockets, the same payloads and rate.\n\n")
                .append("| measurement | deliveries | lost | p50 ms | p99 ms | deliveries/s |\n|---|---|---|---|---|---|\n");
        md.append(fanOut("one chat-service", sockets));

        // Half of the room moves to a second replica
        try (ServiceProcess second = ServiceProcess.start("chat-service", ServiceProcess.freePort(), Map.of(
                "HUIKETANG_ACCOUNT_URL", platform.service("account-service").baseUrl(),
                "HUIKETANG_PUBLIC_URL", platform.gatewayUrl(), "HUIKETANG_CHAT_GROUP_ID", "chat-service-system"))) {
            for (int i = ROOM / 2; i < ROOM; i++) {
                sockets.get(i).close();
                sockets.set(i, TimedSocket.connect(http, ws(second, meetingId), people.get(i).token()));
            }
            md.append(fanOut("two chat-service processes (Redis pub/sub between them)", sockets));
        }
        sockets.forEach(TimedSocket::close);
        md.append(rawRedis());
        md.append(String.format(Locale.ROOT, "%nchat-service RSS (after a GC): %d MB before the %d connections, %d MB with them "
                + "open and idle: **%.1f KB per idle connection**.%n%n", rssBefore, ROOM, rssAfter,
                (rssAfter - rssBefore) * 1024.0 / ROOM));
        BenchmarkReport.writeMarkdown("chat-fan-out.md", md.toString());
    }

    /** Senders at their rate for the run; each receiver's arrival of each message timed. */
    private static String fanOut(String what, List<TimedSocket> sockets) throws Exception {
        sockets.forEach(TimedSocket::reset);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Thread> senders = new ArrayList<>();
        String body = java.util.Base64.getEncoder().encodeToString(new byte[96]);
        long t0 = System.nanoTime();
        for (int s = 0; s < SENDERS; s++) {
            TimedSocket sender = sockets.get(s);
            int index = s;
            Thread thread = new Thread(() -> {
                long interval = TimeUnit.SECONDS.toNanos(1) / MESSAGES_PER_SENDER_PER_SECOND;
                for (int k = 0; k < MESSAGES_PER_SENDER_PER_SECOND * SECONDS; k++) {
                    long due = t0 + k * interval + index * (interval / SENDERS);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    String id = "m-" + (index * 100_000 + k);
                    sentAt.put(id, System.nanoTime());
                    sender.send("{\"v\":1,\"type\":\"text\",\"id\":\"" + id + "\",\"body\":\"" + body + "\"}");
                }
            });
            thread.start();
            senders.add(thread);
        }
        for (Thread thread : senders) {
            thread.join();
        }
        Thread.sleep(2000); // the last frames' deliveries
        double seconds = (System.nanoTime() - t0) / 1e9 - 2;
        Latencies latencies = new Latencies();
        long expected = (long) SENDERS * MESSAGES_PER_SENDER_PER_SECOND * SECONDS * (sockets.size() - 1);
        for (TimedSocket socket : sockets) {
            socket.arrivals.forEach((id, at) -> {
                Long sent = sentAt.get(id);
                if (sent != null) {
                    latencies.record(at - sent);
                }
            });
        }
        return String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %.0f |%n", what, latencies.count(),
                expected - latencies.count(), latencies.percentileMillis(50), latencies.percentileMillis(99),
                latencies.count() / seconds);
    }

    /** The same rate and payloads through Redis itself: the floor under the relay's figures. */
    private static String rawRedis() throws Exception {
        String host = env("HUIKETANG_REDIS_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("HUIKETANG_REDIS_PORT", "6379"));
        String channel = "huiketang:bench:raw:" + java.util.UUID.randomUUID();
        List<Socket> subscribers = new ArrayList<>();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Latencies latencies = new Latencies();
        CountDownLatch subscribed = new CountDownLatch(ROOM);
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < ROOM; i++) {
            Socket socket = new Socket(host, port);
            subscribers.add(socket);
            socket.getOutputStream().write(resp("SUBSCRIBE", channel));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Thread reader = new Thread(() -> {
                try {
                    readReply(in); // the subscription's confirmation
                    subscribed.countDown();
                    while (true) {
                        List<String> message = readReply(in);
                        long at = System.nanoTime();
                        Matcher id = ID.matcher(message.get(message.size() - 1));
                        if (id.find()) {
                            Long sent = sentAt.get(id.group(1));
                            if (sent != null) {
                                synchronized (latencies) {
                                    latencies.record(at - sent);
                                }
                            }
                        }
                    }
                } catch (IOException closed) {
                    // the run is over
                }
            });
            reader.setDaemon(true);
            reader.start();
            readers.add(reader);
        }
        subscribed.await(30, TimeUnit.SECONDS);
        String body = java.util.Base64.getEncoder().encodeToString(new byte[96]);
        long total = (long) SENDERS * MESSAGES_PER_SENDER_PER_SECOND * SECONDS;
        long interval = TimeUnit.SECONDS.toNanos(1) / (SENDERS * MESSAGES_PER_SENDER_PER_SECOND);
        long t0 = System.nanoTime();
        try (Socket publisher = new Socket(host, port)) {
            OutputStream out = publisher.getOutputStream();
            InputStream in = new BufferedInputStream(publisher.getInputStream());
            for (int k = 0; k < total; k++) {
                long wait = t0 + k * interval - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                String id = "m-" + k;
                sentAt.put(id, System.nanoTime());
                out.write(resp("PUBLISH", channel, "{\"v\":1,\"type\":\"text\",\"id\":\"" + id + "\",\"body\":\"" + body + "\"}"));
                out.flush();
                readReply(in);
            }
        }
        Thread.sleep(2000);
        double seconds = (System.nanoTime() - t0) / 1e9 - 2;
        for (Socket socket : subscribers) {
            socket.close();
        }
        long expected = total * ROOM;
        synchronized (latencies) {
            return String.format(Locale.ROOT, "| raw Redis pub/sub, %d subscribers | %d | %d | %.2f | %.2f | %.0f |%n", ROOM,
                    latencies.count(), expected - latencies.count(), latencies.percentileMillis(50),
                    latencies.percentileMillis(99), latencies.count() / seconds);
        }
    }

    private static byte[] resp(String... words) {
        StringBuilder command = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            command.append('$').append(bytes.length).append("\r\n").append(word).append("\r\n");
        }
        return command.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One RESP reply: an array's bulk strings and integers as text, or a single simple value. */
    private static List<String> readReply(InputStream in) throws IOException {
        String line = readLine(in);
        List<String> parts = new ArrayList<>();
        if (line.startsWith("*")) {
            int n = Integer.parseInt(line.substring(1));
            for (int i = 0; i < n; i++) {
                parts.add(readValue(in, readLine(in)));
            }
        } else {
            parts.add(readValue(in, line));
        }
        return parts;
    }

    private static String readValue(InputStream in, String line) throws IOException {
        if (line.startsWith("$")) {
            int length = Integer.parseInt(line.substring(1));
            byte[] bytes = in.readNBytes(length + 2);
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
        return line.substring(1);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return line.toString();
            }
            line.append((char) c);
        }
        throw new IOException("closed");
    }

    private static void collectGarbage(ServiceProcess service) throws Exception {
        new ProcessBuilder("jcmd", Long.toString(service.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        Thread.sleep(500);
    }

    private static URI ws(ServiceProcess chat, String meetingId) {
        return URI.create(chat.baseUrl().replace("http://", "ws://") + "/api/v1/chat/meetings/" + meetingId);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A participant's connection that notes when each message arrives, and nothing else. */
    private static final class TimedSocket implements WebSocket.Listener {

        final Map<String, Long> arrivals = new ConcurrentHashMap<>();
        private final CompletableFuture<Void> connected = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static TimedSocket connect(HttpClient http, URI uri, String token) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                TimedSocket timed = new TimedSocket();
                try {
                    timed.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                            .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, timed).get(15, TimeUnit.SECONDS);
                    timed.connected.get(15, TimeUnit.SECONDS);
                    return timed;
                } catch (Exception refused) {
                    // 403 until chat-service has the participant's join from meeting.events
                    if (System.nanoTime() > deadline) {
                        throw refused;
                    }
                    Thread.sleep(200);
                }
            }
        }

        void reset() {
            arrivals.clear();
        }

        synchronized void send(String frame) {
            socket.sendText(frame, true).join();
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long at = System.nanoTime();
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.contains("\"connected\"")) {
                    connected.complete(null);
                } else if (TEXT.matcher(frame).find()) {
                    Matcher id = ID.matcher(frame);
                    if (id.find()) {
                        arrivals.putIfAbsent(id.group(1), at);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            connected.completeExceptionally(error);
        }
    }
}
