package io.huiketang.systemtests.owasp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.huiketang.kit.testing.ServiceDatabases;
import io.huiketang.kit.testing.ServiceProcess;

/**
 * OWASP API8:2023, security misconfiguration: a packaged service (the prod profile) refuses to start
 * with a secret still at its built-in local value, published in this repository (issue 11: an
 * anonymous room_finished webhook signed with the built-in LiveKit secret ended a meeting). The
 * refusal names the setting, never the value. Every other system test proves the converse: the
 * services start with secrets of their own (ServiceProcess gives each run its own).
 */
class BuiltInSecretsTest {

    @ParameterizedTest(name = "{0} with the built-in {1}")
    @CsvSource({
            "account-service, HUIKETANG_WECHAT_SECRET, local-development-secret, huiketang.account.wechat.secret, account",
            "meeting-service, HUIKETANG_LIVEKIT_API_SECRET, local-development-livekit-secret-not-for-production, huiketang.meeting.livekit.api-secret, meeting",
            "gateway, HUIKETANG_FIELD_KEY, bG9jYWwtZGV2LWZpZWxkLWtleS1ub3QtZm9yLXByb2Q=, huiketang.crypto.field-key, ''" })
    void aPackagedServiceRefusesToStartWithABuiltInSecret(String module, String env, String builtIn, String setting,
            String database) throws Exception {
        Path log = Path.of("target").toAbsolutePath().resolve(module + "-process.log");
        long before = Files.exists(log) ? Files.size(log) : 0;
        Map<String, String> environment = new HashMap<>(Map.of(env, builtIn));
        if (!database.isEmpty()) {
            // Migrations would run before the check: none, and a database of the system tests, never dev/run's
            environment.put("QUARKUS_DATASOURCE_JDBC_URL", ServiceDatabases.jdbcUrl(database + "_system"));
            environment.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false");
        }

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ServiceProcess.start(module, ServiceProcess.freePort(), environment));

        assertTrue(refused.getMessage().contains("exited"), refused.getMessage());
        byte[] all = Files.readAllBytes(log);
        String output = new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8);
        assertTrue(output.contains("Refusing to start") && output.contains(setting + " (" + env + ")"),
                "the refusal names the setting: " + output);
        assertFalse(output.contains(builtIn), "never the value");
    }
}
