package io.huiketang.gateway.accesslog;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Sends the network log to Kafka without ever holding up a request: entries go into a bounded queue
 * that one thread hands to an idempotent producer (acks=all). When Kafka is away the queue fills and
 * further entries are dropped and counted ({@code gateway_access_log_dropped_total}): a Kafka outage
 * must not take the API down with it.
 */
@Startup
@Singleton
public class AccessLog {

    private static final Logger LOG = Logger.getLogger(AccessLog.class);
    private static final URI SOURCE = EventEnvelope.sourceOf("gateway");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final AccessLogConfig config;
    private final BlockingQueue<AccessLogEntry> queue;
    private final Counter sent;
    private final Counter dropped;
    private final KafkaProducer<String, String> producer;
    private final Thread sender;
    private volatile boolean running = true;

    AccessLog(AccessLogConfig config, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, config.queueCapacity()));
        this.sent = Counter.builder("gateway.access.log.sent").description("Access-log entries Kafka acknowledged")
                .register(registry);
        this.dropped = Counter.builder("gateway.access.log.dropped")
                .description("Access-log entries lost: queue full, Kafka unreachable or refusing").register(registry);
        if (!config.enabled()) {
            producer = null;
            sender = null;
            return;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-access-log");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
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
        while (running || !queue.isEmpty()) {
            AccessLogEntry entry;
            try {
                entry = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (entry == null) {
                continue;
            }
            try {
                JsonNode data = JSON.valueToTree(entry);
                EventSchemas.requireValid(AccessLogEntry.TYPE, data);
                String event = EventEnvelope.toJson(UUID.randomUUID(), SOURCE, AccessLogEntry.TYPE, entry.route(),
                        entry.time(), data);
                ProducerRecord<String, String> record = new ProducerRecord<>(config.topic(), entry.requestId(), event);
                record.headers().add("content-type", EventEnvelope.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                producer.send(record, (metadata, error) -> {
                    if (error == null) {
                        sent.increment();
                    } else {
                        dropped.increment();
                        LOG.debugf("Access-log entry dropped: %s", error.getMessage());
                    }
                });
            } catch (RuntimeException e) {
                // Kafka unreachable for max.block.ms, or an entry that does not fit its schema
                dropped.increment();
                LOG.warnf("Access-log entry dropped: %s", e.getMessage());
            }
        }
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
        }
    }
}
