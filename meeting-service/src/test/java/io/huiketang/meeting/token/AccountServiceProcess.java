package io.huiketang.meeting.token;

import java.nio.file.Path;
import java.util.Map;

import io.huiketang.kit.testing.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real account-service (its packaged jar) as the token issuer of this service's test: this
 * service then verifies tokens exactly as in production, through the issuer's discovery document.
 */
public class AccountServiceProcess implements QuarkusTestResourceLifecycleManager {

    static final Path SMS_OUTBOX = Path.of("target/account-service-sms.log").toAbsolutePath();
    static String baseUrl;
    private ServiceProcess process;

    @Override
    public Map<String, String> start() {
        try {
            int port = ServiceProcess.freePort();
            baseUrl = "http://127.0.0.1:" + port;
            // The checkout's own account test database, so that parallel checkouts do not share one
            String pg = "jdbc:postgresql://" + env("HUIKETANG_PG_HOST", "127.0.0.1") + ":"
                    + env("HUIKETANG_PG_PORT", "5432") + "/" + env("HUIKETANG_ACCOUNT_TEST_DB", "account_test");
            process = ServiceProcess.start("account-service", port, Map.of(
                    "HUIKETANG_TOKEN_ISSUER", baseUrl,
                    "HUIKETANG_ACCOUNT_URL", baseUrl,
                    "HUIKETANG_SMS_OUTBOX", SMS_OUTBOX.toString(),
                    "QUARKUS_DATASOURCE_JDBC_URL", pg));
        } catch (Exception e) {
            throw new IllegalStateException("account-service did not start", e);
        }
        return Map.of("quarkus.oidc.auth-server-url", baseUrl);
    }

    @Override
    public void stop() {
        if (process != null) {
            try {
                process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
