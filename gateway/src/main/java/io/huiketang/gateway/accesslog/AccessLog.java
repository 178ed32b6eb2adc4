package io.huiketang.gateway.accesslog;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.huiketang.kit.events.EventEnvelope;
import io.huiketang.kit.events.EventSchemas;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Sends the network log to Kafka without ever holding up a request: entries go into a bounded queue
 * that one thread hands to an idempotent producer (acks=all). When Kafka is away, entries go to a
 * bounded spool on local disk ({@link AccessLogSpool}) and are sent from there, oldest first, once
 * Kafka answers again, so an outage loses nothing the spool can hold. Counted: sent, spooled, and
 * dropped (the queue or the spool full, or an entry that does not fit its schema).
 */
@Startup
@Singleton
public class AccessLog {

    private static final Logger LOG = Logger.getLogger(AccessLog.class);
    private static final URI SOURCE = EventEnvelope.sourceOf("gateway");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final int BATCH = 500;

    private final AccessLogConfig config;
    private final BlockingQueue<AccessLogEntry> queue;
    private final Counter sent;
    private final Counter spooled;
    private final Counter dropped;
    private final AccessLogSpool spool;
    private final KafkaProducer<String, String> producer;
    private final Thread sender;
    private volatile boolean running = true;
    // Set when Kafka failed to take an entry; cleared when the spool is empty again
    private volatile boolean kafkaAway;

    AccessLog(AccessLogConfig config, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, config.queueCapacity()));
        this.sent = Counter.builder("gateway.access.log.sent").description("Access-log entries Kafka acknowledged")
                .register(registry);
        this.spooled = Counter.builder("gateway.access.log.spooled")
                .description("Access-log entries written to the local spool while Kafka was away").register(registry);
        this.dropped = Counter.builder("gateway.access.log.dropped")
                .description("Access-log entries lost: queue or spool full, or not valid against the schema")
                .register(registry);
        if (!config.enabled()) {
            spool = null;
            producer = null;
            sender = null;
            return;
        }
        spool = new AccessLogSpool(Path.of(config.spool().directory()), config.spool().maxSize().asLongValue());
        Gauge.builder("gateway.access.log.spool.bytes", spool, AccessLogSpool::bytes)
                .description("Bytes of access-log entries waiting in the local spool for Kafka").register(registry);
        kafkaAway = !spool.isEmpty();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-access-log");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        // Only the sender thread ever waits for Kafka, never a request
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
        sender = new Thread(this::sendLoop, "gateway-access-log");
        sender.setDaemon(true);
        sender.start();
    }

    /** Queues an entry; never blocks. */
    public void record(AccessLogEntry entry) {
        if (producer == null) {
            return;
        }
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    public double droppedCount() {
        return dropped.count();
    }

    private void sendLoop() {
        long nextDrain = 0;
        List<AccessLogEntry> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                AccessLogEntry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    handle(batch);
                    batch.clear();
                }
                if (kafkaAway && running && System.nanoTime() >= nextDrain) {
                    drainSpool();
                    nextDrain = System.nanoTime() + config.spool().retryEvery().toNanos();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Access-log sender: %s", e.toString());
            }
        }
    }

    private void handle(List<AccessLogEntry> entries) {
        List<AccessLogSpool.Line> lines = new ArrayList<>(entries.size());
        for (AccessLogEntry entry : entries) {
            try {
                JsonNode data = JSON.valueToTree(entry);
                EventSchemas.requireValid(AccessLogEntry.TYPE, data);
                lines.add(new AccessLogSpool.Line(entry.requestId(), EventEnvelope.toJson(UUID.randomUUID(), SOURCE,
                        AccessLogEntry.TYPE, entry.route(), entry.time(), data)));
            } catch (RuntimeException e) {
                dropped.increment();
                LOG.warnf("Access-log entry dropped: %s", e.getMessage());
            }
        }
        if (kafkaAway) {
            // Behind what is already spooled: sent in order once Kafka is back
            toSpool(lines);
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            AccessLogSpool.Line line = lines.get(i);
            if (kafkaAway) {
                // The last send failed at once (no broker within max.block.ms): the rest wait on disk
                toSpool(lines.subList(i, lines.size()));
                return;
            }
            try {
                producer.send(record(line), (metadata, error) -> {
                    if (error == null) {
                        sent.increment();
                    } else {
                        kafkaAway = true;
                        toSpool(List.of(line));
                    }
                });
            } catch (RuntimeException e) {
                // Kafka unreachable for max.block.ms: this and every later entry wait on disk
                kafkaAway = true;
                LOG.warnf("Kafka is not taking access-log entries (%s): spooling them to %s", e.getMessage(),
                        config.spool().directory());
                toSpool(lines.subList(i, lines.size()));
                return;
            }
        }
    }

    private void toSpool(List<AccessLogSpool.Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        try {
            int fitted = spool.append(lines);
            spooled.increment(fitted);
            if (fitted < lines.size()) {
                dropped.increment(lines.size() - fitted);
                LOG.warnf("Access-log spool full (%s): %d entries dropped", config.spool().maxSize(),
                        lines.size() - fitted);
            }
        } catch (IOException e) {
            dropped.increment(lines.size());
            LOG.errorf("Access-log spool %s cannot be written: %s", config.spool().directory(), e.toString());
        }
    }

    /** Sends the spool's segments oldest first; stops at the first that Kafka does not take whole. */
    private void drainSpool() {
        try {
            for (Path segment; (segment = spool.oldestSegment()) != null;) {
                List<AccessLogSpool.Line> lines = AccessLogSpool.read(segment);
                long wait = config.spool().retryEvery().toMillis() + 30_000;
                if (!lines.isEmpty()) {
                    // One entry first: while Kafka is still away only it waits, not the whole segment
                    producer.send(record(lines.get(0))).get(wait, TimeUnit.MILLISECONDS);
                }
                List<Future<RecordMetadata>> acks = new ArrayList<>(lines.size());
                for (AccessLogSpool.Line line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    acks.add(producer.send(record(line)));
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(wait, TimeUnit.MILLISECONDS);
                }
                spool.delivered(segment);
                sent.increment(lines.size());
                LOG.infof("Access-log spool: %d entries sent to Kafka", lines.size());
            }
            kafkaAway = !spool.isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debugf("Access-log spool not drained yet: %s", e.toString());
        }
    }

    private ProducerRecord<String, String> record(AccessLogSpool.Line line) {
        ProducerRecord<String, String> record = new ProducerRecord<>(config.topic(), line.key(), line.event());
        record.headers().add("content-type", EventEnvelope.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @PreDestroy
    void close() {
        running = false;
        if (sender != null) {
            try {
                sender.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close(Duration.ofSeconds(5));
            spool.close();
        }
    }
}
