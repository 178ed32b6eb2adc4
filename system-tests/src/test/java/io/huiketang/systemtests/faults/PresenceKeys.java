package io.huiketang.systemtests.faults;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.huiketang.systemtests.platform.Platform;

/**
 * The presence entries of one meeting in this run's Redis key, read and changed with plain RESP
 * commands; only members of that meeting are ever touched (the Redis server is shared).
 */
final class PresenceKeys implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    PresenceKeys() throws IOException {
        String host = System.getenv().getOrDefault("HUIKETANG_REDIS_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("HUIKETANG_REDIS_PORT", "6379"));
        socket = new Socket(host.isBlank() ? "127.0.0.1" : host, port);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** Session id → last heartbeat (epoch ms) of every presence entry of the meeting. */
    Map<String, Double> of(String meetingId) throws IOException {
        List<Object> reply = (List<Object>) command("ZRANGE", Platform.MEETING_PRESENCE_KEY, "0", "-1", "WITHSCORES");
        Map<String, Double> entries = new LinkedHashMap<>();
        for (int i = 0; i < reply.size(); i += 2) {
            String member = (String) reply.get(i);
            if (member.startsWith(meetingId + ":")) {
                entries.put(member.substring(meetingId.length() + 1), Double.parseDouble((String) reply.get(i + 1)));
            }
        }
        return entries;
    }

    /** What a Redis restart without persistence does to this meeting. */
    void deleteAll(String meetingId) throws IOException {
        for (String session : of(meetingId).keySet()) {
            command("ZREM", Platform.MEETING_PRESENCE_KEY, meetingId + ":" + session);
        }
    }

    void add(String meetingId, String sessionId, long epochMillis) throws IOException {
        command("ZADD", Platform.MEETING_PRESENCE_KEY, Long.toString(epochMillis), meetingId + ":" + sessionId);
    }

    private Object command(String... args) throws IOException {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '+', ':' -> {
                return line;
            }
            case '-' -> throw new IOException("Redis: " + line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                in.readNBytes(2);
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            default -> throw new IOException("unexpected Redis reply " + (char) type);
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
