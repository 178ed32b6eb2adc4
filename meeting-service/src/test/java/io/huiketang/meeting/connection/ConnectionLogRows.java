package io.huiketang.meeting.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** Network-log rows of a given age, written and read with plain queries for the retention tests. */
final class ConnectionLogRows {

    private ConnectionLogRows() {
    }

    /** A connection of {@code account}, {@code age} units ago (a PostgreSQL interval unit: days, hours, ...). */
    static void insert(EntityManager entities, UUID account, int age, String unit, boolean erasureRequested) {
        QuarkusTransaction.requiringNew().run(() -> entities.createNativeQuery("""
                INSERT INTO connection_log (id, ip, connected_at, meeting_id, account_id, region, erasure_requested)
                VALUES (gen_random_uuid(), '203.0.113.5', now() - CAST(:age AS interval), gen_random_uuid(), :account,
                        'cn-east', :erasureRequested)""")
                .setParameter("age", age + " " + unit)
                .setParameter("account", account)
                .setParameter("erasureRequested", erasureRequested)
                .executeUpdate());
    }

    /** The age in days of each of the account's connections still kept, newest first. */
    static List<Long> ageInDaysOf(UUID account) {
        return QuarkusTransaction.requiringNew().call(() -> ConnectionLog.<ConnectionLog>list(
                "accountId = ?1 order by connectedAt desc", account).stream()
                .map(c -> Duration.between(c.connectedAt, Instant.now()).toDays())
                .toList());
    }
}
