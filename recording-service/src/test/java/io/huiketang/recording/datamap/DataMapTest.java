package io.huiketang.recording.datamap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.datamap.RetentionRunner;
import io.huiketang.kit.testing.DataMapAssertions;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** data-map.yaml declares exactly the tables and columns of the migrated database (recording-service writes no Redis keys). */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class DataMapTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionRunner retention;

    @Test
    void theDatabaseHasExactlyTheColumnsTheDataMapDeclares() throws Exception {
        DataMapAssertions.assertSchemaMatches(dataSource, retention.map());
    }
}
