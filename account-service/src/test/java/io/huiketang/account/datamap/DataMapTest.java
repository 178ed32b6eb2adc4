package io.huiketang.account.datamap;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.requestCode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.account.token.RightsChanges;
import io.huiketang.kit.datamap.RetentionRunner;
import io.huiketang.kit.testing.DataMapAssertions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.test.junit.QuarkusTest;

/** data-map.yaml declares exactly the tables and columns of the migrated database, and the Redis keys written. */
@QuarkusTest
class DataMapTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionRunner retention;

    @Inject
    RedisDataSource redis;

    @Inject
    RightsChanges rightsChanges;

    @Test
    void theDatabaseHasExactlyTheColumnsTheDataMapDeclares() throws Exception {
        DataMapAssertions.assertSchemaMatches(dataSource, retention.map());
    }

    @Test
    void everyRedisKeyTheServiceWritesMatchesADeclaredPattern() {
        // A code request writes the code, its resend pause and both rate-limit counters; a change of
        // someone's rights marks their tokens stale
        requestCode(newPhone());
        QuarkusTransaction.requiringNew().run(() -> rightsChanges.changed(UUID.randomUUID()));
        List<String> keys = new ArrayList<>();
        for (String prefix : new String[] { "huiketang:account:*", "huiketang:revoked-session:*",
                "huiketang:stale-tokens:*" }) {
            redis.key().scan(new KeyScanArgs().match(prefix)).toIterable().forEach(keys::add);
        }
        DataMapAssertions.assertRedisKeysDeclared(keys, retention.map());
    }
}
