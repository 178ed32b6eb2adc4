package io.huiketang.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.privacy.ErasureReceipt;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The person's audit records in their export (readers by role only) and as a legal hold in erasure. */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class AuditDataSectionTest {

    @Inject
    AuditDataSection section;

    @Inject
    AuditLog log;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void emptyTheLog() throws SQLException {
        AuditTables.reset(dataSource);
    }

    @Test
    void theExportShowsWhoReadThePersonByRoleAndWhatThePersonDid() {
        UUID person = UUID.randomUUID();
        String staffId = "staff:" + UUID.randomUUID();
        log.append(new AuditLog.Entry(UUID.randomUUID().toString(), "account-service",
                Instant.parse("2026-11-02T09:30:00Z"), "operator", staffId, person.toString(),
                "personal-data-accessed", "account-profile", "ticket 4711"));
        log.append("user", person.toString(), person.toString(), "request-opened", "rights-request", "ACCESS");

        JsonNode export = section.export(person);

        assertEquals(1, export.path("reads").size());
        assertEquals("operator", export.path("reads").get(0).path("actorRole").asText());
        assertEquals("account-profile", export.path("reads").get(0).path("resource").asText());
        assertEquals("ticket 4711", export.path("reads").get(0).path("purpose").asText());
        assertEquals("2026-11-02T09:30:00Z", export.path("reads").get(0).path("accessedAt").asText());
        assertFalse(export.toString().contains(staffId), "no reader's id in the person's export: " + export);
        assertEquals(1, export.path("actions").size());
        assertEquals(person.toString(), export.path("actions").get(0).path("actorId").asText());
    }

    @Test
    void erasureRemovesNothingAndHoldsTheRecordsUntilThePurgeEmptiesThem() {
        UUID person = UUID.randomUUID();
        Instant accessed = Instant.parse("2026-11-02T09:30:00Z");
        log.append(new AuditLog.Entry(UUID.randomUUID().toString(), "meeting-service", accessed, "enterprise_admin",
                UUID.randomUUID().toString(), person.toString(), "personal-data-accessed", "meeting-attendance", "export"));

        List<ErasureReceipt.LegalHold> holds = section.legalHolds(person);
        Map<String, Long> erased = section.erase(person);

        assertEquals(Map.of(AuditDataSection.DATASET, 0L), erased);
        assertEquals(1, holds.size());
        assertEquals(AuditDataSection.DATASET, holds.get(0).dataset());
        assertEquals(LocalDate.parse("2029-11-01"), holds.get(0).until(), "the occurrence + 1095 days");
        assertEquals(1, section.export(person).path("reads").size(), "the record is still there");
        assertTrue(section.legalHolds(UUID.randomUUID()).isEmpty(), "no hold for someone the log never names");
    }
}
