package io.huiketang.meeting.connection;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One connection to a meeting's media: the network log the law requires (网络安全法 art. 21: at least
 * 180 days). The IP address is kept in clear for that legal purpose only; it never goes to the
 * application log, events or other tables.
 */
@Entity
@Table(name = "connection_log")
public class ConnectionLog extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The client's address as seen by the service (inet: read back in canonical text). */
    @Column(name = "ip", nullable = false)
    @ColumnTransformer(write = "CAST(? AS inet)")
    public String ip;

    @Column(name = "connected_at", nullable = false)
    public Instant connectedAt;

    @Column(name = "meeting_id", nullable = false)
    public UUID meetingId;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    /** The edge region the connection was sent to. */
    @Column(name = "region", nullable = false)
    public String region;

    /**
     * The person asked for erasure: the entry is kept only for the legal minimum, even if the configured
     * retention is longer.
     */
    @Column(name = "erasure_requested", nullable = false)
    public boolean erasureRequested;
}
