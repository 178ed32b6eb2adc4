package io.huiketang.account;

import io.huiketang.kit.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

/** account-service boots against the real stack and reports every server it depends on as ready. */
@QuarkusTest
class AccountServiceBootTest extends ServiceBootContract {

    @Override
    protected String[] expectedReadinessChecks() {
        return new String[] { "Database connections health check", "Kafka connection health check", "Redis connection health check" };
    }
}
