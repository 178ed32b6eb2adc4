package io.huiketang.gateway.accesslog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.huiketang.gateway.support.TcpForwarder;
import io.huiketang.kit.testing.KafkaTestTopics;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.ServiceProcess;
import io.huiketang.kit.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;

/**
 * The network log survives a Kafka outage: with the producer pointed at an address where no broker
 * answers, entries go to the local spool (counted), and reach the topic once a broker answers there;
 * a full spool drops and counts what does not fit. The shared Kafka is never stopped: the "broker"
 * is a port that starts forwarding to it.
 */
class AccessLogSpoolTest {

    private static final String TOPIC = "gateway.access-log";

    @Test
    void entriesWaitOnDiskWhileKafkaIsAwayAndArriveWhenItIsBack() throws Exception {
        Path directory = Files.createTempDirectory(Path.of("target"), "spool-");
        int brokerPort = ServiceProcess.freePort();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AccessLog log = new AccessLog(config(directory, "16M"), registry, "127.0.0.1:" + brokerPort);
        List<String> requestIds = new ArrayList<>();
        try (TopicReader reader = TopicReader.fromNow(TOPIC)) {
            for (int i = 0; i < 5; i++) {
                String requestId = "spool-" + UUID.randomUUID();
                requestIds.add(requestId);
                log.record(entry(requestId));
            }
            await().atMost(Duration.ofSeconds(40)).until(() -> registry.counter("gateway.access.log.spooled").count() == 5);
            assertEquals(5, spooledLines(directory), "on disk, one line each");
            assertEquals(0, log.droppedCount());

            String[] kafka = KafkaTestTopics.bootstrapServers().split(",")[0].split(":");
            try (TcpForwarder broker = TcpForwarder.listen(brokerPort, kafka[0], Integer.parseInt(kafka[1]))) {
                List<ConsumerRecord<String, byte[]>> records = reader.readUntil(read -> read.stream()
                        .map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(requestIds),
                        Duration.ofSeconds(90));
                records.stream().filter(r -> requestIds.contains(r.key())).forEach(PublishedEvents::assertValid);
                await().atMost(Duration.ofSeconds(20)).until(() -> spooledLines(directory) == 0);
                assertEquals(0.0, registry.get("gateway.access.log.spool.bytes").gauge().value());
            } finally {
                log.close();
            }
        }
    }

    @Test
    void aFullSpoolDropsAndCountsWhatDoesNotFit() throws Exception {
        Path directory = Files.createTempDirectory(Path.of("target"), "spool-full-");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AccessLog log = new AccessLog(config(directory, "2K"), registry, "127.0.0.1:" + ServiceProcess.freePort());
        try {
            for (int i = 0; i < 20; i++) {
                log.record(entry("spool-full-" + i));
            }
            await().atMost(Duration.ofSeconds(40)).until(() -> registry.counter("gateway.access.log.spooled").count()
                    + log.droppedCount() == 20);
            assertTrue(log.droppedCount() > 0, "some entries did not fit");
            assertTrue(spooledBytes(directory) <= 2048, "the spool stays within its bound");
            assertEquals(registry.counter("gateway.access.log.spooled").count(), spooledLines(directory));
        } finally {
            log.close();
        }
    }

    private static AccessLogEntry entry(String requestId) {
        return new AccessLogEntry(OffsetDateTime.now(ZoneOffset.UTC), "127.0.0.1", "GET", "/api/v1/accounts/me",
                "accounts", 200, 1200, null, requestId);
    }

    private static long spooledBytes(Path directory) throws IOException {
        long bytes = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                bytes += Files.size(file);
            }
        }
        return bytes;
    }

    private static long spooledLines(Path directory) throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                lines += Files.readAllLines(file).stream().filter(line -> !line.isBlank()).count();
            }
        }
        return lines;
    }

    private static AccessLogConfig config(Path directory, String maxSize) {
        return new AccessLogConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String topic() {
                return TOPIC;
            }

            @Override
            public int queueCapacity() {
                return 1000;
            }

            @Override
            public Spool spool() {
                return new Spool() {
                    @Override
                    public String directory() {
                        return directory.toString();
                    }

                    @Override
                    public MemorySize maxSize() {
                        return new MemorySizeConverter().convert(maxSize);
                    }

                    @Override
                    public Duration retryEvery() {
                        return Duration.ofSeconds(1);
                    }
                };
            }
        };
    }

}
