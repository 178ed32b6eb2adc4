package io.huiketang.recording;

import io.huiketang.kit.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

/** recording-service boots against the real stack and reports every server it depends on as ready. */
@QuarkusTest
class RecordingServiceBootTest extends ServiceBootContract {

    @Override
    protected String[] expectedReadinessChecks() {
        return new String[] { "Database connections health check", "Kafka connection health check" };
    }
}
