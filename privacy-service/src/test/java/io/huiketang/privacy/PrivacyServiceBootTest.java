package io.huiketang.privacy;

import io.huiketang.kit.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

/** privacy-service boots against the real stack and reports every server it depends on as ready. */
@QuarkusTest
class PrivacyServiceBootTest extends ServiceBootContract {

    @Override
    protected String[] expectedReadinessChecks() {
        return new String[] { "Database connections health check", "Kafka connection health check" };
    }
}
