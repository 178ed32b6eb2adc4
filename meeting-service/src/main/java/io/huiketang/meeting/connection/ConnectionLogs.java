package io.huiketang.meeting.connection;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The network log of media connections (MTG-3): one entry per connection, kept for the configured
 * retention (at least the legal 180 days of 网络安全法 art. 21), then deleted by a purge job. Entries of
 * a person who asked for erasure go as soon as the legal minimum allows.
 */
@ApplicationScoped
public class ConnectionLogs {

    /** The minimum the law requires network logs to be kept. */
    public static final Duration LEGAL_MINIMUM = Duration.ofDays(180);

    private static final Logger LOG = Logger.getLogger(ConnectionLogs.class);

    // Batches are claimed with SKIP LOCKED: replicas purging at the same time delete disjoint rows
    private static final String PURGE_BATCH = """
            DELETE FROM connection_log WHERE id IN (
                SELECT id FROM connection_log
                WHERE connected_at < :retentionCutoff OR (erasure_requested AND connected_at < :legalCutoff)
                LIMIT :batch FOR UPDATE SKIP LOCKED)""";

    private final EdgeRegions edges;
    private final ConnectionLogConfig config;

    ConnectionLogs(EdgeRegions edges, ConnectionLogConfig config) {
        this.edges = edges;
        this.config = config;
    }

    /** Refuses to start with a retention the law does not allow. */
    void checkRetention(@Observes StartupEvent startup) {
        requireLegalMinimum(config.retention());
    }

    static void requireLegalMinimum(Duration retention) {
        if (retention.compareTo(LEGAL_MINIMUM) < 0) {
            throw new IllegalStateException("huiketang.meeting.connection-log.retention is " + retention
                    + "; network logs must be kept at least 180 days (网络安全法 art. 21)");
        }
    }

    /**
     * Logs a connection of {@code accountId} to {@code meetingId} from {@code ip}, in the caller's
     * transaction (a join that rolls back leaves no entry), and returns the edge region serving that address.
     *
     * @throws IllegalArgumentException if {@code ip} is not an IPv4 or IPv6 address literal
     */
    @Transactional
    public EdgeRegions.Edge record(String ip, UUID meetingId, UUID accountId) {
        // The message never carries the value: an address is personal data and stays out of the logs
        InetAddress address = IpAddresses.parse(ip)
                .orElseThrow(() -> new IllegalArgumentException("The client address is not an IP address literal"));
        EdgeRegions.Edge edge = edges.forAddress(ip);
        ConnectionLog entry = new ConnectionLog();
        entry.id = UUID.randomUUID();
        entry.ip = IpAddresses.canonical(address);
        entry.connectedAt = Instant.now();
        entry.meetingId = Objects.requireNonNull(meetingId, "meetingId");
        entry.accountId = Objects.requireNonNull(accountId, "accountId");
        entry.region = edge.region();
        entry.persist();
        return edge;
    }

    @Scheduled(identity = "connection-log-purge", every = "${huiketang.meeting.connection-log.purge-every}",
            delayed = "${huiketang.meeting.connection-log.purge-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOnSchedule() {
        long deleted = purge();
        if (deleted > 0) {
            LOG.infof("Purged %d connection log entries past their retention", deleted);
        }
    }

    /**
     * Deletes the entries past the retention, and those of people who asked for erasure past the legal
     * minimum, in batches of their own transactions; returns how many. Running it again deletes nothing more.
     */
    public long purge() {
        return purge(config.retention());
    }

    long purge(Duration retention) {
        Instant now = Instant.now();
        Instant retentionCutoff = now.minus(retention);
        Instant legalCutoff = now.minus(LEGAL_MINIMUM);
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> ConnectionLog.getEntityManager()
                    .createNativeQuery(PURGE_BATCH)
                    .setParameter("retentionCutoff", retentionCutoff)
                    .setParameter("legalCutoff", legalCutoff)
                    .setParameter("batch", config.purgeBatch())
                    .executeUpdate());
            total += deleted;
        } while (deleted >= config.purgeBatch());
        return total;
    }

    /** When an entry made at {@code connectedAt} is gone at the latest, once its person asked for erasure. */
    Instant erasedBy(Instant connectedAt) {
        return connectedAt.plus(LEGAL_MINIMUM).plus(config.purgeEvery());
    }
}
