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

import io.quarkus.runtime.StartupEvent;

/**
 * The network log of media connections (MTG-3): one entry per connection, kept for the configured
 * retention (at least the legal 180 days of 网络安全法 art. 21). platform-kit's retention runner deletes
 * entries past it by the rules of data-map.yaml (which refuse a retention under the legal minimum at
 * start-up); entries of a person who asked for erasure go as soon as the legal minimum allows.
 */
@ApplicationScoped
public class ConnectionLogs {

    /** The minimum the law requires network logs to be kept. */
    public static final Duration LEGAL_MINIMUM = Duration.ofDays(180);

    private static final Logger LOG = Logger.getLogger(ConnectionLogs.class);

    private final EdgeRegions edges;
    private final ConnectionLogConfig config;

    ConnectionLogs(EdgeRegions edges, ConnectionLogConfig config) {
        this.edges = edges;
        this.config = config;
    }

    /** Says how long the network log is kept (the retention runner has validated it against the legal minimum). */
    void announceRetention(@Observes StartupEvent startup) {
        LOG.infof("Network log kept %d days (legal minimum %d)", config.retention().toDays(), LEGAL_MINIMUM.toDays());
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

    /**
     * When an entry made at {@code connectedAt} is gone at the latest, once its person asked for erasure:
     * the legal minimum, and a day for the hourly retention run to reach it.
     */
    Instant erasedBy(Instant connectedAt) {
        return connectedAt.plus(LEGAL_MINIMUM).plus(Duration.ofDays(1));
    }
}
