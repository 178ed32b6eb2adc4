package io.huiketang.kit.datamap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.events.EventSchemas;
import io.huiketang.kit.support.KitTopics;
import io.huiketang.kit.support.Ledger;
import io.huiketang.kit.testing.DataMapAssertions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The retention runner purges by the map: what is past its retention goes (deleted or anonymised),
 * nothing sooner, batch by batch; running again changes nothing; replicas running at once share the
 * work; each run is reported as an event. The test application's map declares a network log kept
 * 180 days and profiles whose nickname is anonymised after 30 days away (test batch size 2).
 */
@QuarkusTest
@QuarkusTestResource(KitTopics.class)
class RetentionRunnerTest {

    private static final Duration DAY = Duration.ofDays(1);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionRunner runner;

    @BeforeEach
    void empty() throws Exception {
        Ledger.execute(dataSource, "DELETE FROM kit_test_visit");
        Ledger.execute(dataSource, "DELETE FROM kit_test_profile");
        Ledger.execute(dataSource, "DELETE FROM outbox_event WHERE type = '" + RetentionRunner.RETENTION_PURGED + "'");
    }

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Test
    void aCompleteRunIsExportedAsTheLastRunTime() {
        io.micrometer.core.instrument.Gauge lastRun = registry.find("huiketang.retention.last.run.timestamp").gauge();
        assertTrue(lastRun != null, "the gauge the retention-not-run alert reads");
        long before = Instant.now().getEpochSecond();

        runner.runOnce(Instant.now());

        assertTrue(lastRun.value() >= before, "a run in which every rule finished moves it to now");
        assertTrue(lastRun.value() <= Instant.now().getEpochSecond());
    }

    @Test
    void theDatabaseIsWhatTheMapDeclares() throws Exception {
        DataMapAssertions.assertSchemaMatches(dataSource, runner.map());
    }

    @Test
    void aNetworkLogGoesAfterItsRetentionAndNotADayBefore() throws Exception {
        Instant now = Instant.now();
        List<UUID> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(visit(now.minus(Duration.ofDays(180)).minusSeconds(60 + i * 86_400L)));
        }
        UUID young = visit(now.minus(Duration.ofDays(180)).plusSeconds(60));
        UUID recent = visit(now);

        RetentionRunner.Run run = runner.runOnce(now);

        assertEquals(5, run.rows("kit_test_visit", "network-log"));
        assertEquals(List.of(young, recent).stream().sorted().toList(), ids("kit_test_visit"));
        assertEquals(0, runner.runOnce(now).rows("kit_test_visit", "network-log"), "a second run changes nothing");
    }

    @Test
    void anonymisationClearsTheDeclaredColumnsOnceAndKeepsTheRow() throws Exception {
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            profile("away-" + i, now.minus(Duration.ofDays(31 + i)));
        }
        UUID present = profile("present", now.minus(Duration.ofDays(29)));

        assertEquals(3, runner.runOnce(now).rows("kit_test_profile", "away"));
        assertEquals(4, Ledger.count(dataSource, "SELECT count(*) FROM kit_test_profile WHERE true"));
        assertEquals(3, Ledger.count(dataSource, "SELECT count(*) FROM kit_test_profile WHERE nickname IS NULL"));
        assertEquals("present", nickname(present));
        assertEquals(0, runner.runOnce(now).rows("kit_test_profile", "away"), "already anonymised rows are left alone");
    }

    @Test
    void aRuleThatFailsIsReportedAndTheRulesAfterItStillRun() throws Exception {
        Instant now = Instant.now();
        visit(now.minus(Duration.ofDays(200)));
        profile("away", now.minus(Duration.ofDays(40)));
        // The visit table is out of reach for the run (as a migration mid-flight would leave it)
        Ledger.execute(dataSource, "ALTER TABLE kit_test_visit RENAME TO kit_test_visit_moved");
        RetentionRunner.Run run;
        try {
            run = runner.runOnce(now);
        } finally {
            Ledger.execute(dataSource, "ALTER TABLE kit_test_visit_moved RENAME TO kit_test_visit");
        }

        RetentionRunner.Purge failed = run.purges().stream().filter(p -> p.dataset().equals("kit_test_visit"))
                .findFirst().orElseThrow();
        assertEquals(0, failed.rows());
        assertTrue(failed.error().contains("SQLState 42P01"), failed.error());
        assertEquals(1, run.rows("kit_test_profile", "away"), "the rule after the failed one ran");
        assertNull(run.purges().stream().filter(p -> p.dataset().equals("kit_test_profile")).findFirst()
                .orElseThrow().error());
        assertEquals(1, Ledger.count(dataSource, "SELECT count(*) FROM outbox_event WHERE type = ?",
                RetentionRunner.RETENTION_PURGED), "the run is still reported");
    }

    @Test
    void replicasRunningAtOnceShareTheWorkAndPurgeEachRowOnce() throws Exception {
        Instant now = Instant.now();
        for (int i = 0; i < 40; i++) {
            visit(now.minus(Duration.ofDays(200)).minusSeconds(i));
        }
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            List<Callable<RetentionRunner.Run>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(() -> runner.runOnce(now));
            }
            long deleted = 0;
            for (Future<RetentionRunner.Run> run : replicas.invokeAll(runs)) {
                deleted += Math.max(0, run.get().rows("kit_test_visit", "network-log"));
            }
            // A replica that found the rule busy leaves it: a later run finishes what is left
            deleted += runner.runOnce(now).rows("kit_test_visit", "network-log");
            assertEquals(40, deleted);
            assertEquals(0, Ledger.count(dataSource, "SELECT count(*) FROM kit_test_visit WHERE true"));
        } finally {
            replicas.shutdownNow();
        }
    }

    @Test
    void eachRunIsReportedAsAnEventMatchingItsSchema() throws Exception {
        Instant now = Instant.now();
        visit(now.minus(Duration.ofDays(181)));
        runner.runOnce(now);

        List<String> payloads = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "SELECT topic, aggregateid, payload::text FROM outbox_event WHERE type = ?")) {
            select.setString(1, RetentionRunner.RETENTION_PURGED);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    assertEquals("kit-test.events", rs.getString(1));
                    assertEquals("platform-kit-test", rs.getString(2));
                    payloads.add(rs.getString(3));
                }
            }
        }
        assertEquals(1, payloads.size());
        JsonNode data = new ObjectMapper().readTree(payloads.get(0)).get("data");
        assertTrue(EventSchemas.violations(RetentionRunner.RETENTION_PURGED, data).isEmpty());
        JsonNode visits = null;
        for (JsonNode purge : data.get("purges")) {
            if (purge.get("dataset").asText().equals("kit_test_visit")) {
                visits = purge;
            }
        }
        assertEquals(1, visits.get("rows").asInt());
        assertEquals("delete", visits.get("action").asText());
        assertEquals("[\"identifier\",\"network-log\"]", visits.get("categories").toString());
        assertEquals("consumed", data.get("purges").get(0).get("rule").asText(), "platform-kit's inbox rule runs too");
    }

    @Test
    void aConfiguredDurationUnderTheLegalMinimumOfANetworkLogIsRefused() {
        List<String> problems = DataMapValidation.problems(runner.map(),
                rule -> rule.property() != null ? Duration.ofDays(179) : rule.duration());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("network logs must be kept at least 180 days"), problems.get(0));
        assertNull(runner.map().table("kit_test_visit").orElseThrow().retention().lifetime());
    }

    private UUID visit(Instant at) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO kit_test_visit (id, subject_id, ip, visited_at) VALUES (?, 's', '192.0.2.1', ?)")) {
            insert.setObject(1, id);
            insert.setTimestamp(2, Timestamp.from(at));
            insert.executeUpdate();
        }
        return id;
    }

    private UUID profile(String nickname, Instant lastSeen) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO kit_test_profile (id, subject_id, nickname, last_seen_at) VALUES (?, 's', ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, nickname);
            insert.setTimestamp(3, Timestamp.from(lastSeen));
            insert.executeUpdate();
        }
        return id;
    }

    private String nickname(UUID id) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "SELECT nickname FROM kit_test_profile WHERE id = ?")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private List<UUID> ids(String table) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id FROM " + table + " ORDER BY id");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids.stream().sorted().toList();
    }
}
