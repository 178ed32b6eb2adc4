package io.huiketang.kit.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.events.KafkaSpans;
import io.huiketang.kit.outbox.OutboxRelay;
import io.huiketang.kit.persistence.DatabaseFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Consumes every topic that this service's {@link EventHandler}s ask for, on one thread. Offsets
 * are committed after the inbox has applied (or dropped as a repeat) each record, so a crash
 * replays rather than loses. An event that keeps failing goes to the dead-letter topic after
 * bounded retries and the partition moves on; a failure that is not the event's fault (database out
 * of reach or pool exhausted, a lost deadlock, Kafka away) is retried without limit instead, from the
 * committed offsets after a growing pause. The loop survives any throwable; {@link #alive()} feeds
 * the readiness check. Each record is processed in a CONSUMER span, the child of the publish that
 * its {@code traceparent} header names, with the handlers' work inside it.
 */
@ApplicationScoped
@IfBuildProperty(name = "huiketang.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class InboxConsumer {

    private static final Logger LOG = Logger.getLogger(InboxConsumer.class);

    private final Inbox inbox;
    private final InboxConfig config;
    private final Instance<EventHandler> handlerBeans;
    private final String bootstrapServers;
    private final String service;
    private final Counter deadLettered;
    private final Counter transientFailures;
    private final KafkaSpans spans;
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> deadLetters;
    private Thread thread;

    InboxConsumer(Inbox inbox, InboxConfig config, @Any Instance<EventHandler> handlerBeans, MeterRegistry registry,
            Tracer tracer, @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean tracingOff,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.inbox = inbox;
        this.config = config;
        this.handlerBeans = handlerBeans;
        this.bootstrapServers = bootstrapServers;
        this.service = service;
        this.deadLettered = registry.counter("huiketang.inbox.dead-lettered");
        this.transientFailures = Counter.builder("huiketang.inbox.transient-failures")
                .description("Events whose application failed for a reason outside the event and were retried")
                .register(registry);
        this.spans = new KafkaSpans(KafkaSpans.tracer(tracer, tracingOff));
    }

    void start(@Observes StartupEvent startup) {
        Map<String, List<EventHandler>> handlers = new LinkedHashMap<>();
        for (EventHandler handler : handlerBeans) {
            if (handler.active()) {
                handlers.computeIfAbsent(handler.topic(), t -> new ArrayList<>()).add(handler);
            }
        }
        if (!config.enabled() || handlers.isEmpty()) {
            return;
        }
        deadLetters = new KafkaProducer<>(OutboxRelay.producerProperties(bootstrapServers, service + "-dead-letters"),
                new StringSerializer(), new ByteArraySerializer());
        running = true;
        thread = new Thread(() -> loop(handlers), "inbox-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (deadLetters != null) {
            deadLetters.close(Duration.ofSeconds(5));
        }
    }

    /** False once the consumer thread has ended while it should be running. */
    public boolean alive() {
        return !running || (thread != null && thread.isAlive());
    }

    private void loop(Map<String, List<EventHandler>> handlers) {
        long backoffMillis = 0;
        while (running) {
            // A fresh consumer after any failure resumes from the last committed offsets
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties())) {
                consumer = kafka;
                kafka.subscribe(handlers.keySet());
                while (running) {
                    ConsumerRecords<String, byte[]> records = kafka.poll(config.pollTimeout());
                    for (ConsumerRecord<String, byte[]> record : records) {
                        process(record, handlers.get(record.topic()));
                    }
                    if (!records.isEmpty()) {
                        kafka.commitSync();
                    }
                    backoffMillis = 0;
                }
            } catch (WakeupException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // Anything else, an Error included, restarts the consumer: a dead loop would stop every event
                backoffMillis = Math.min(Math.max(200, backoffMillis * 2), config.maxBackoff().toMillis());
                LOG.warnf("Inbox consumer failed (%s); restarting in %d ms", reasonOf(e), backoffMillis);
                sleepQuietly(backoffMillis);
            } finally {
                consumer = null;
            }
        }
    }

    private void process(ConsumerRecord<String, byte[]> record, List<EventHandler> handlers)
            throws InterruptedException, ExecutionException {
        ConsumedEvent event;
        try {
            event = ConsumedEvent.parse(record.topic(), record.key(), record.value());
        } catch (ConsumedEvent.UnreadableEventException e) {
            Span span = spans.startProcess(record, groupId(), null, null);
            try (Scope scope = span.makeCurrent()) {
                deadLetter(record, e);
            } finally {
                KafkaSpans.failed(span, e);
            }
            return;
        }
        Span span = spans.startProcess(record, groupId(), event.id(), event.type());
        Throwable failure = null;
        try (Scope scope = span.makeCurrent()) {
            failure = apply(record, event, handlers);
        } catch (RuntimeException | InterruptedException | ExecutionException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (failure == null) {
                span.end();
            } else {
                KafkaSpans.failed(span, failure);
            }
        }
    }

    /** Applies the event with bounded retries; returns the failure that sent it to the dead-letter topic, if any. */
    private Throwable apply(ConsumerRecord<String, byte[]> record, ConsumedEvent event, List<EventHandler> handlers)
            throws InterruptedException, ExecutionException {
        long pause = config.retryBackoff().toMillis();
        for (int attempt = 1;; attempt++) {
            try {
                inbox.applyOnce(event, handlers);
                return null;
            } catch (RuntimeException | LinkageError | AssertionError e) {
                // (other Errors, such as running out of memory, are not the event's fault: the loop restarts)
                if (DatabaseFailures.transientFailure(e)) {
                    transientFailures.increment();
                    throw new TransientFailure(e); // not the event's fault: replay it after a pause
                }
                if (attempt >= config.maxAttempts()) {
                    deadLetter(record, e);
                    return e;
                }
                LOG.debugf("Event %s (%s) failed on attempt %d: %s", event.id(), event.type(), attempt, e);
                Thread.sleep(pause);
                pause *= 2;
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, Throwable cause)
            throws InterruptedException, ExecutionException {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(config.deadLetterTopic(), record.key(),
                record.value());
        header(dead, "dlt-original-topic", record.topic());
        header(dead, "dlt-original-partition", Integer.toString(record.partition()));
        header(dead, "dlt-original-offset", Long.toString(record.offset()));
        header(dead, "dlt-consumer-group", groupId());
        header(dead, "dlt-reason", reasonOf(cause));
        // Wait for the acknowledgement: the offset is committed only once the event is safe elsewhere
        deadLetters.send(dead).get();
        deadLettered.increment();
        LOG.warnf("Event at %s-%d@%d sent to %s: %s", record.topic(), record.partition(), record.offset(),
                config.deadLetterTopic(), reasonOf(cause));
    }

    /** The event could not be applied for a reason outside it; it is replayed, never dead-lettered. */
    static final class TransientFailure extends RuntimeException {
        TransientFailure(Throwable cause) {
            super(cause);
        }
    }

    // The exception class and message of the root cause; handlers keep personal data out of messages
    private static String reasonOf(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        String reason = root.getClass().getName() + message;
        return reason.length() > 500 ? reason.substring(0, 500) : reason;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private String groupId() {
        return config.groupId().orElse(service);
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, service + "-inbox");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
