package io.huiketang.kit.datamap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.datamap.DataMap.Action;
import io.huiketang.kit.datamap.DataMap.Column;
import io.huiketang.kit.datamap.DataMap.Rule;
import io.huiketang.kit.datamap.DataMap.Table;
import io.huiketang.kit.outbox.Outbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Retention as code (PRV-5): applies the purge rules of the service's data map on a schedule,
 * deleting or anonymising rows past their retention, and reports each run as a
 * {@value #RETENTION_PURGED} event through the outbox.
 * <p>
 * Each batch is a transaction of its own that first takes a transaction-scoped advisory lock on its
 * rule: replicas running at once take turns instead of competing for the same rows, and a replica
 * that finds the rule busy leaves it to the other. Only rows still past their retention (and, for
 * anonymisation, not yet anonymised) are selected, so running again changes nothing more. At start-up
 * the map is validated with the durations as configured: a rule that would purge a network log before
 * its legal minimum stops the service.
 */
@ApplicationScoped
@IfBuildProperty(name = "huiketang.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class RetentionRunner {

    public static final String RETENTION_PURGED = "huiketang.platform.retention-purged.v1";

    /** Advisory-lock class id of retention rules ("RT"); the object id is a hash of the rule. */
    static final int LOCK_CLASS = 0x5254;

    private static final Logger LOG = Logger.getLogger(RetentionRunner.class);

    /**
     * What one rule did in one run. {@code rows} is -1 when another replica was running the rule;
     * {@code error} names what stopped the rule (the other rules still ran), null when it finished.
     */
    public record Purge(String dataset, String rule, String action, List<String> categories, String cutoff,
            long rows, String error) {
    }

    /** One run of one replica, the data of {@value #RETENTION_PURGED}. */
    public record Run(String service, String ranAt, List<Purge> purges) {

        public long rows(String dataset, String rule) {
            return purges.stream().filter(p -> p.dataset().equals(dataset) && p.rule().equals(rule))
                    .mapToLong(Purge::rows).findFirst().orElseThrow();
        }
    }

    private final AgroalDataSource dataSource;
    private final Outbox outbox;
    private final Config config;
    private final RetentionConfig retention;
    private volatile DataMap map;
    /** Epoch seconds of the last run in which every rule finished (the start-up until the first one). */
    private final AtomicLong lastCompleteRun = new AtomicLong(Instant.now().getEpochSecond());

    RetentionRunner(AgroalDataSource dataSource, Outbox outbox, Config config, RetentionConfig retention,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.config = config;
        this.retention = retention;
        // The "retention rule not run" alert (k8s/): time() minus this, over a few hours, means personal
        // data is being kept past its retention
        Gauge.builder("huiketang.retention.last.run.timestamp", lastCompleteRun, AtomicLong::get)
                .description("When every retention rule of the data map last ran to the end (epoch seconds)")
                .baseUnit("seconds").register(registry);
    }

    /** Refuses to start with an invalid map, or a configured duration under a legal minimum. */
    void validate(@Observes StartupEvent startup) {
        Optional<DataMap> found = DataMaps.ofService();
        if (found.isEmpty()) {
            LOG.warnf("No %s on the classpath: nothing is purged by retention rules", DataMaps.SERVICE);
            return;
        }
        DataMapValidation.requireValid(found.get(), this::durationOf);
        map = found.get();
    }

    /** The service's data map, validated at start-up (null without one). */
    public DataMap map() {
        return map;
    }

    /** A rule's duration as deployed: its property when configured, else the map's. */
    public Duration durationOf(Rule rule) {
        if (rule.property() == null) {
            return rule.duration();
        }
        return config.getOptionalValue(rule.property(), Duration.class).orElse(rule.duration());
    }

    @Scheduled(identity = "huiketang-retention", every = "${huiketang.retention.every:1h}",
            delayed = "${huiketang.retention.delay:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        Run run = runOnce(Instant.now());
        LOG.infof("Retention run: %s", run.purges());
    }

    /** Applies every rule of the map against {@code now}, reports the run, and returns it. */
    public Run runOnce(Instant now) {
        List<Purge> purges = new ArrayList<>();
        if (map == null) {
            return new Run(null, now.toString(), purges);
        }
        for (Table table : map.tables()) {
            if (table.retention() == null) {
                continue;
            }
            List<String> categories = table.columns().stream().filter(Column::personal).map(Column::category)
                    .distinct().sorted().toList();
            for (Rule rule : table.retention().rules()) {
                Instant cutoff = now.minus(durationOf(rule));
                String action = rule.action().name().toLowerCase();
                // One failing rule (a lock timeout, a schema mismatch) must not abandon the others
                Purged purged = purge(table, rule, cutoff);
                if (purged.error() != null) {
                    LOG.errorf("Retention rule %s of %s failed after %d rows: %s", rule.name(), table.name(),
                            purged.rows(), purged.error());
                }
                purges.add(new Purge(table.name(), rule.name(), action, categories, cutoff.toString(), purged.rows(),
                        purged.error()));
            }
        }
        Run run = new Run(map.service(), now.toString(), purges);
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(map.eventsTopic(), "retention-run",
                map.service(), RETENTION_PURGED, run));
        if (purges.stream().allMatch(p -> p.error() == null)) {
            lastCompleteRun.set(Instant.now().getEpochSecond());
        }
        return run;
    }

    private record Purged(long rows, String error) {
    }

    /**
     * Batch after batch until fewer rows than a batch remain; -1 rows when another replica holds the
     * rule. A failure keeps the batches already committed and names itself (class and SQLState only:
     * a database message may quote row values).
     */
    private Purged purge(Table table, Rule rule, Instant cutoff) {
        int batchSize = retention.batchSize();
        long total = 0;
        while (true) {
            int affected;
            try {
                affected = QuarkusTransaction.requiringNew().call(() -> batch(table, rule, cutoff, batchSize));
            } catch (RuntimeException e) {
                return new Purged(total, describe(e));
            }
            if (affected < 0) {
                return new Purged(total == 0 ? -1 : total, null);
            }
            total += affected;
            if (affected < batchSize) {
                return new Purged(total, null);
            }
        }
    }

    private static String describe(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getClass().getName() + " (SQLState " + sql.getSQLState() + ")";
            }
        }
        return e.getClass().getName();
    }

    private int batch(Table table, Rule rule, Instant cutoff, int batchSize) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?, hashtext(?))")) {
                lock.setInt(1, LOCK_CLASS);
                lock.setString(2, map.service() + ":" + table.name() + ":" + rule.name());
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return -1;
                    }
                }
            }
            String due = "(" + rule.clock() + ") < ?" + (rule.where() == null ? "" : " AND (" + rule.where() + ")");
            List<Object> parameters = new ArrayList<>();
            String sql;
            if (rule.action() == Action.DELETE) {
                sql = "DELETE FROM " + table.name() + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table.name()
                        + " WHERE " + due + " LIMIT ?))";
                parameters.add(Timestamp.from(cutoff));
            } else {
                List<String> assignments = new ArrayList<>();
                List<String> done = new ArrayList<>();
                List<Object> values = new ArrayList<>();
                for (Map.Entry<String, String> set : rule.set().entrySet()) {
                    assignments.add(set.getKey() + " = ?");
                    values.add(set.getValue());
                    done.add(set.getValue() == null ? set.getKey() + " IS NULL" : set.getKey() + " IS NOT DISTINCT FROM ?");
                }
                sql = "UPDATE " + table.name() + " SET " + String.join(", ", assignments) + " WHERE ctid = ANY(ARRAY("
                        + "SELECT ctid FROM " + table.name() + " WHERE " + due + " AND NOT (" + String.join(" AND ", done)
                        + ") LIMIT ?))";
                parameters.addAll(values);
                parameters.add(Timestamp.from(cutoff));
                values.stream().filter(v -> v != null).forEach(parameters::add);
            }
            parameters.add(batchSize);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    Object value = parameters.get(i);
                    if (value == null) {
                        statement.setNull(i + 1, Types.OTHER);
                    } else if (value instanceof String text) {
                        statement.setObject(i + 1, text, Types.OTHER);
                    } else {
                        statement.setObject(i + 1, value);
                    }
                }
                return statement.executeUpdate();
            }
        }
    }
}
