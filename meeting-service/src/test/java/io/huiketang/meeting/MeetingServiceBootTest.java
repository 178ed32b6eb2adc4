package io.huiketang.meeting;

import io.huiketang.kit.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

/** meeting-service boots against the real stack and reports every server it depends on as ready. */
@QuarkusTest
class MeetingServiceBootTest extends ServiceBootContract {

    @Override
    protected String[] expectedReadinessChecks() {
        return new String[] { "Database connections health check", "Kafka connection health check", "Redis connection health check" };
    }
}
