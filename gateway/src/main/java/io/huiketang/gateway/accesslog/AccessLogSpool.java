package io.huiketang.gateway.accesslog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The network log's entries that Kafka did not take, kept on local disk until it does (the log is
 * kept 180 days: an outage of Kafka must not lose it). Append-only segment files of one line per
 * entry ({@code key TAB event}); the one being written is {@code active.log}, the ones waiting to be
 * sent are {@code spool-<n>.log}, oldest first. Bounded: past {@code maxBytes} an entry is refused
 * (the caller counts it as dropped). An entry is removed only after Kafka acknowledged its segment,
 * so a crash during a drain sends some entries twice, never none (their event ids tell them apart).
 */
final class AccessLogSpool {

    /** One spooled entry: its Kafka key (the request id) and the CloudEvent JSON. */
    record Line(String key, String event) {
    }

    private static final String ACTIVE = "active.log";
    private static final String SEGMENT_PREFIX = "spool-";

    private final Path directory;
    private final long maxBytes;
    private FileChannel active;
    private long bytes;
    private long nextSegment;

    AccessLogSpool(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(directory);
            for (Path segment : segments()) {
                bytes += Files.size(segment);
                nextSegment = Math.max(nextSegment, number(segment) + 1);
            }
            Path activePath = directory.resolve(ACTIVE);
            if (Files.exists(activePath)) {
                bytes += Files.size(activePath);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The access-log spool " + directory + " cannot be used", e);
        }
    }

    /** Appends entries (one write and one fsync for all); returns how many fitted under the bound. */
    synchronized int append(List<Line> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        int fitted = 0;
        long size = bytes;
        for (Line line : lines) {
            String row = line.key() + '\t' + line.event() + '\n';
            long rowBytes = row.getBytes(StandardCharsets.UTF_8).length;
            if (size + rowBytes > maxBytes) {
                continue;
            }
            size += rowBytes;
            text.append(row);
            fitted++;
        }
        if (fitted == 0) {
            return 0;
        }
        if (active == null) {
            active = FileChannel.open(directory.resolve(ACTIVE), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            active.write(buffer);
        }
        active.force(false);
        bytes = size;
        return fitted;
    }

    synchronized boolean isEmpty() {
        return bytes == 0;
    }

    synchronized long bytes() {
        return bytes;
    }

    /**
     * The oldest segment waiting to be sent, after closing the active file into one if there is no
     * other; null when nothing is spooled.
     */
    synchronized Path oldestSegment() throws IOException {
        List<Path> waiting = segments();
        if (!waiting.isEmpty()) {
            return waiting.get(0);
        }
        Path activePath = directory.resolve(ACTIVE);
        if (!Files.exists(activePath) || Files.size(activePath) == 0) {
            return null;
        }
        if (active != null) {
            active.close();
            active = null;
        }
        Path segment = directory.resolve(SEGMENT_PREFIX + nextSegment++ + ".log");
        Files.move(activePath, segment);
        return segment;
    }

    static List<Line> read(Path segment) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
            for (String row; (row = reader.readLine()) != null;) {
                int tab = row.indexOf('\t');
                if (tab > 0) { // a row cut short by a crash has no event to send
                    lines.add(new Line(row.substring(0, tab), row.substring(tab + 1)));
                }
            }
        }
        return lines;
    }

    /** Forgets a segment whose every entry Kafka acknowledged. */
    synchronized void delivered(Path segment) throws IOException {
        long size = Files.size(segment);
        Files.delete(segment);
        bytes = Math.max(0, bytes - size);
    }

    synchronized void close() {
        if (active != null) {
            try {
                active.close();
            } catch (IOException e) {
                // the data is already forced to disk
            }
            active = null;
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith(SEGMENT_PREFIX))
                    .sorted((a, b) -> Long.compare(number(a), number(b))).toList();
        }
    }

    private static long number(Path segment) {
        String name = segment.getFileName().toString();
        try {
            return Long.parseLong(name.substring(SEGMENT_PREFIX.length(), name.length() - ".log".length()));
        } catch (RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }
}
