package io.huiketang.chat;

import io.huiketang.kit.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

/** chat-service boots against the real stack and reports every server it depends on as ready. */
@QuarkusTest
@io.quarkus.test.junit.TestProfile(io.huiketang.kit.testing.LocalTokensProfile.class)
class ChatServiceBootTest extends ServiceBootContract {

    @Override
    protected String[] expectedReadinessChecks() {
        return new String[] { "Kafka connection health check", "Redis connection health check" };
    }
}
