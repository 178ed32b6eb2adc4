package io.huiketang.meeting.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.datamap.RetentionRunner;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A deployment keeping the network log a year: entries of people who asked for erasure still go at 180 days. */
@QuarkusTest
@TestProfile(ConnectionLogLongerRetentionTest.KeptAYear.class)
class ConnectionLogLongerRetentionTest {

    public static class KeptAYear extends LocalTokensProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("huiketang.meeting.connection-log.retention", "P365D");
            return overrides;
        }
    }

    @Inject
    RetentionRunner retention;

    @Inject
    EntityManager entities;

    @Test
    void withALongerRetentionEntriesOfErasedPeopleStillGoAt180Days() {
        UUID kept = UUID.randomUUID();
        UUID erased = UUID.randomUUID();
        insert(kept, 200, false);
        insert(kept, 400, false);
        insert(erased, 200, true);
        insert(erased, 100, true);

        retention.runOnce(Instant.now());

        assertEquals(List.of(200L), ConnectionLogRows.ageInDaysOf(kept));
        assertEquals(List.of(100L), ConnectionLogRows.ageInDaysOf(erased));
    }

    private void insert(UUID account, int ageInDays, boolean erasureRequested) {
        ConnectionLogRows.insert(entities, account, ageInDays, "days", erasureRequested);
    }
}
