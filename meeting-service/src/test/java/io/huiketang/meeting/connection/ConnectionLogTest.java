package io.huiketang.meeting.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.privacy.ErasureReceipt;
import io.huiketang.kit.privacy.PersonalDataHolder;
import io.huiketang.kit.datamap.RetentionRunner;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The network log: recorded in the joining transaction, purged after 180 days, held through erasure. */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class ConnectionLogTest {

    @Inject
    ConnectionLogs logs;

    @Inject
    RetentionRunner retention;

    @Inject
    PersonalDataHolder personalData;

    @Inject
    EntityManager entities;

    @Test
    void connectionIsLoggedWithAddressTimeMeetingAccountAndRegion() {
        UUID meeting = UUID.randomUUID();
        UUID account = UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);

        EdgeRegions.Edge edge = QuarkusTransaction.requiringNew().call(() -> logs.record("203.0.113.9", meeting, account));

        assertEquals(new EdgeRegions.Edge("cn-east", "wss://cn-east.edge.test.huiketang.local"), edge);
        List<ConnectionLog> entries = QuarkusTransaction.requiringNew()
                .call(() -> ConnectionLog.<ConnectionLog>list("accountId", account));
        assertEquals(1, entries.size());
        ConnectionLog entry = entries.get(0);
        assertEquals("203.0.113.9", entry.ip);
        assertEquals(meeting, entry.meetingId);
        assertEquals("cn-east", entry.region);
        assertTrue(entry.connectedAt.isAfter(before) && entry.connectedAt.isBefore(Instant.now().plusSeconds(1)));
        assertFalse(entry.erasureRequested);
    }

    @Test
    void ipv6AddressIsLoggedInCanonicalForm() {
        UUID account = UUID.randomUUID();
        EdgeRegions.Edge edge = logs.record("2001:0db8:0001:0000:0000:0000:0000:0042", UUID.randomUUID(), account);
        assertEquals("cn-north", edge.region());
        assertEquals("2001:db8:1::42", QuarkusTransaction.requiringNew()
                .call(() -> ConnectionLog.<ConnectionLog>find("accountId", account).firstResult().ip));
    }

    @Test
    void entryRollsBackWithTheJoinThatFailed() {
        UUID account = UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            logs.record("192.168.1.20", UUID.randomUUID(), account);
            throw new IllegalStateException("the join failed after logging");
        }));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> ConnectionLog.count("accountId", account)));
    }

    @Test
    void somethingThatIsNoAddressIsRefusedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> logs.record("attacker.example", UUID.randomUUID(), UUID.randomUUID()));
        assertFalse(e.getMessage().contains("attacker.example"));
    }

    @Test
    void purgeDeletesOnlyEntriesOlderThan180Days() {
        UUID account = UUID.randomUUID();
        insert(account, 1, false);
        insert(account, 179, false);
        insert(account, 180 * 24 - 1, "hours", false);
        insert(account, 181, false);
        insert(account, 400, false);

        long deleted = purge();

        assertTrue(deleted >= 2, "deleted " + deleted);
        assertEquals(List.of(1L, 179L, 179L), ConnectionLogRows.ageInDaysOf(account));
        // Idempotent: the next run finds nothing of these left to delete
        purge();
        assertEquals(List.of(1L, 179L, 179L), ConnectionLogRows.ageInDaysOf(account));
    }

    @Test
    void purgeWorksThroughMoreEntriesThanOneBatch() {
        UUID account = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> entities.createNativeQuery("""
                INSERT INTO connection_log (id, ip, connected_at, meeting_id, account_id, region)
                SELECT gen_random_uuid(), '198.51.100.1', now() - interval '200 days', gen_random_uuid(), :account, 'cn-north'
                FROM generate_series(1, 2500)""").setParameter("account", account).executeUpdate());
        insert(account, 10, false);

        purge();

        assertEquals(List.of(10L), ConnectionLogRows.ageInDaysOf(account));
    }

    @Test
    void exportListsThePersonsConnections() {
        UUID account = UUID.randomUUID();
        UUID meeting = UUID.randomUUID();
        logs.record("198.51.100.23", meeting, account);
        logs.record("10.0.0.8", UUID.randomUUID(), UUID.randomUUID());

        JsonNode export = QuarkusTransaction.requiringNew().call(() -> personalData.export(account.toString()))
                .get("connectionLog");

        assertEquals(1, export.size());
        assertEquals("198.51.100.23", export.get(0).get("ip").asText());
        assertEquals(meeting.toString(), export.get(0).get("meetingId").asText());
        assertEquals("cn-north", export.get(0).get("region").asText());
        assertTrue(export.get(0).hasNonNull("connectedAt"));
    }

    @Test
    void erasureDeletesWhatTheLawNoLongerRequiresAndHoldsTheRest() {
        UUID account = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        insert(account, 181, false);
        insert(account, 100, false);
        insert(account, 3, false);
        insert(other, 181, false);
        Instant newest = QuarkusTransaction.requiringNew().call(() -> ConnectionLog.<ConnectionLog>list(
                "accountId = ?1 order by connectedAt desc", account).get(0).connectedAt);

        ErasureReceipt receipt = QuarkusTransaction.requiringNew().call(() -> personalData.erase(account.toString()));

        assertEquals(1L, receipt.affected().get("connection_log"));
        LocalDate until = LocalDate.ofInstant(newest.plus(Duration.ofDays(181)), ZoneOffset.UTC);
        assertEquals(List.of(new ErasureReceipt.LegalHold("connection_log",
                "network log: kept at least 180 days (网络安全法)", until)), receipt.legalHolds());
        assertEquals(List.of(3L, 100L), ConnectionLogRows.ageInDaysOf(account));
        assertEquals(List.of(181L), ConnectionLogRows.ageInDaysOf(other));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> ConnectionLog.<ConnectionLog>list("accountId", account)
                .stream().allMatch(c -> c.erasureRequested)));
        // The export still shows what is held
        assertEquals(2, QuarkusTransaction.requiringNew().call(() -> personalData.export(account.toString()))
                .get("connectionLog").size());
    }

    @Test
    void heldEntriesGoAtTheLegalMinimumAndNothingIsHeldWhenAllAreOlder() {
        UUID account = UUID.randomUUID();
        insert(account, 200, false);

        ErasureReceipt receipt = QuarkusTransaction.requiringNew().call(() -> personalData.erase(account.toString()));

        assertEquals(1L, receipt.affected().get("connection_log"));
        assertTrue(receipt.legalHolds().isEmpty());
        assertEquals(List.of(), ConnectionLogRows.ageInDaysOf(account));
    }

    @Test
    void erasureOfSomeoneWithoutEntriesHoldsNothing() {
        ErasureReceipt receipt = QuarkusTransaction.requiringNew()
                .call(() -> personalData.erase(UUID.randomUUID().toString()));
        assertEquals(0L, receipt.affected().get("connection_log"));
        assertTrue(receipt.legalHolds().isEmpty());
    }

    private long purge() {
        return retention.runOnce(Instant.now()).rows("connection_log", "network-log");
    }

    private void insert(UUID account, int age, boolean erasureRequested) {
        insert(account, age, "days", erasureRequested);
    }

    private void insert(UUID account, int age, String unit, boolean erasureRequested) {
        ConnectionLogRows.insert(entities, account, age, unit, erasureRequested);
    }
}
