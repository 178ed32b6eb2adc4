package io.huiketang.kit.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.events.KafkaSpans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs the outbox relay of this service instance on its own thread, with backoff while Kafka is away.
 * The loop survives any throwable ({@link #alive()} feeds the readiness check) and keeps two gauges
 * for alerts: rows parked because Kafka refused them, and the age of the oldest row still waiting.
 */
@ApplicationScoped
@IfBuildProperty(name = "huiketang.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Kafka's default record limit, stated: the outbox refuses larger events when they are written. */
    public static final int MAX_RECORD_BYTES = 1_048_576;

    private final AgroalDataSource dataSource;
    private final OutboxConfig config;
    private final String bootstrapServers;
    private final String service;
    private final Counter published;
    private final Timer lag;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private final AtomicLong parkedRows = new AtomicLong();
    private final AtomicLong oldestWaitingSeconds = new AtomicLong();
    private long gaugesReadAt;
    private volatile boolean running;
    private Thread thread;
    private Producer<String, String> producer;

    OutboxRelay(AgroalDataSource dataSource, OutboxConfig config, MeterRegistry registry, Tracer tracer,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean tracingOff,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.dataSource = dataSource;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.service = service;
        this.registry = registry;
        this.tracer = KafkaSpans.tracer(tracer, tracingOff);
        this.published = registry.counter("huiketang.outbox.published");
        Gauge.builder("huiketang.outbox.parked", parkedRows, AtomicLong::get)
                .description("Outbox rows Kafka refused for good, waiting in outbox_parked for an operator")
                .register(registry);
        Gauge.builder("huiketang.outbox.oldest.unpublished.age", oldestWaitingSeconds, AtomicLong::get)
                .description("How long the oldest row still in the outbox has waited").baseUnit("seconds")
                .register(registry);
        this.lag = Timer.builder("huiketang.outbox.relay.lag")
                .description("Time an event waited in the outbox before Kafka acknowledged it")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    void start(@Observes StartupEvent startup) {
        if (!config.relay().enabled()) {
            LOG.info("Outbox relay disabled on this instance");
            return;
        }
        producer = new KafkaProducer<>(producerProperties(bootstrapServers, service + "-outbox-relay"));
        OutboxRelayWorker worker = new OutboxRelayWorker(dataSource, producer, config.relay().lanes(),
                config.relay().batchSize(), config.relay().batchTimeLimit(), tracer, new OutboxRelayWorker.Observer() {
                    @Override
                    public void published(Duration waited) {
                        published.increment();
                        lag.record(waited);
                    }

                    @Override
                    public void parked(String eventType, String reason) {
                        registry.counter("huiketang.outbox.relay.parked", "type", eventType, "reason", reason)
                                .increment();
                        LOG.errorf("Outbox event of type %s parked: Kafka refused it (%s); see outbox_parked",
                                eventType, reason);
                    }
                });
        running = true;
        thread = new Thread(() -> loop(worker), "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** False once the relay thread has ended while it should be running. */
    public boolean alive() {
        return !running || (thread != null && thread.isAlive());
    }

    private void loop(OutboxRelayWorker worker) {
        long backoffMillis = 0;
        while (running) {
            try {
                readGauges();
                int count = worker.relayOnce();
                backoffMillis = 0;
                if (count == 0) {
                    Thread.sleep(config.relay().pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // Kafka or the database away, or anything unforeseen (an Error too): pause, then go on
                backoffMillis = Math.min(Math.max(100, backoffMillis * 2), config.relay().maxBackoff().toMillis());
                LOG.warnf("Outbox relay failed (%s); retrying in %d ms", e, backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** At most every five seconds: two counts for the gauges, cheap next to a relay pass. */
    private void readGauges() throws SQLException {
        long now = System.nanoTime();
        if (gaugesReadAt != 0 && now - gaugesReadAt < TimeUnit.SECONDS.toNanos(5)) {
            return;
        }
        gaugesReadAt = now;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT (SELECT count(*) FROM outbox_parked), "
                        + "(SELECT coalesce(extract(epoch FROM now() - min(timestamp)), 0) FROM outbox_event)");
                ResultSet rs = query.executeQuery()) {
            rs.next();
            parkedRows.set(rs.getLong(1));
            oldestWaitingSeconds.set(rs.getLong(2));
        }
    }

    /** An idempotent, acks=all producer: no duplicates from retries, nothing lost on a broker failover. */
    public static Properties producerProperties(String bootstrapServers, String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Bounded waits: a relay batch holds its lane's lock and a connection while it waits
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }
}
