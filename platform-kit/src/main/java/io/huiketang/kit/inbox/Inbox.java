package io.huiketang.kit.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.events.ConsumedEvent;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Applies an event at most once: its id is recorded in the transaction that applies it. */
@ApplicationScoped
@IfBuildProperty(name = "huiketang.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class Inbox {

    private static final String RECORD = "INSERT INTO inbox_event (source, id, type, topic) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT DO NOTHING";

    private final AgroalDataSource dataSource;

    Inbox(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs the handlers for an event in a new transaction, unless the event was applied before.
     *
     * @return true when applied now, false when it was a repeat
     */
    public boolean applyOnce(ConsumedEvent event, List<EventHandler> handlers) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!record(event)) {
                return false;
            }
            for (EventHandler handler : handlers) {
                handler.handle(event);
            }
            return true;
        });
    }

    private boolean record(ConsumedEvent event) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(RECORD)) {
            insert.setString(1, event.source());
            insert.setString(2, event.id());
            insert.setString(3, event.type());
            insert.setString(4, event.topic());
            return insert.executeUpdate() == 1;
        }
    }
}
