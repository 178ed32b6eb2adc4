package io.huiketang.meeting.datamap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.datamap.RetentionRunner;
import io.huiketang.kit.testing.DataMapAssertions;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.meeting.attendance.Presence;
import io.huiketang.meeting.meeting.Meeting;
import io.huiketang.meeting.meeting.PasscodeAttempts;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** data-map.yaml declares exactly the tables and columns of the migrated database, and the Redis keys written. */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class DataMapTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionRunner retention;

    @Inject
    Presence presence;

    @Inject
    RedisDataSource redis;

    @Inject
    PasscodeAttempts passcodeAttempts;

    @Test
    void theDatabaseHasExactlyTheColumnsTheDataMapDeclares() throws Exception {
        DataMapAssertions.assertSchemaMatches(dataSource, retention.map());
    }

    @Test
    void everyRedisKeyTheServiceWritesMatchesADeclaredPattern() {
        UUID meeting = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        presence.beat(meeting, session, Instant.now());
        // Wrong passcodes: counts, then a caller's lock (keys of this meeting only, each with its expiry)
        Meeting guessed = new Meeting();
        guessed.id = UUID.randomUUID();
        guessed.number = "987654321";
        UUID caller = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            passcodeAttempts.wrong(guessed, caller);
        }
        passcodeAttempts.wrong(guessed, UUID.randomUUID());
        try {
            List<String> keys = new ArrayList<>();
            redis.key().scan(new io.quarkus.redis.datasource.keys.KeyScanArgs().match("huiketang:meeting:*"))
                    .toIterable().forEach(keys::add);
            DataMapAssertions.assertRedisKeysDeclared(keys, retention.map());
        } finally {
            presence.forget(meeting, session);
        }
    }
}
