package io.huiketang.gateway;

import io.huiketang.kit.testing.ServiceBootContract;
import io.quarkus.test.junit.QuarkusTest;

/** gateway boots against the real stack and reports every server it depends on as ready. */
@QuarkusTest
class GatewayBootTest extends ServiceBootContract {

    @Override
    protected String[] expectedReadinessChecks() {
        return new String[] { "Kafka connection health check", "Redis connection health check" };
    }

    @Override
    protected String openApiUrl() {
        // The gateway's API description is the public merged one; its own /q/openapi is never served
        return "/api/openapi";
    }
}
