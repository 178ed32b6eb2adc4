package io.huiketang.gateway.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.huiketang.kit.testing.LocalhostCertificate;
import io.huiketang.kit.testing.ServiceDatabases;
import io.huiketang.kit.testing.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What the gateway's tests run against: the real account-service and meeting-service (their packaged
 * jars, on their own databases), a {@link TestUpstream} for chat (WebSocket echo) and recording
 * (slow and failing answers), and privacy-service's address with nothing listening (a service that
 * is down). Started once per test JVM, whatever the number of Quarkus restarts, and stopped at its end.
 */
public class GatewayUpstreams implements QuarkusTestResourceLifecycleManager {

    public static final Path SMS_OUTBOX = Path.of("target/gateway-upstreams-sms.log").toAbsolutePath();
    public static final Path KEYSTORE = Path.of("target/tls/gateway-test.p12").toAbsolutePath();
    public static final String KEYSTORE_PASSWORD = "gateway-test";

    private static Map<String, String> config;
    public static String accountUrl;
    public static String meetingUrl;
    public static String accountManagementUrl;
    public static String meetingManagementUrl;

    @Override
    public synchronized Map<String, String> start() {
        if (config == null) {
            config = startAll();
        }
        return config;
    }

    @Override
    public void stop() {
        // Kept for the next Quarkus restart in this JVM; the shutdown hook stops them
    }

    private static Map<String, String> startAll() {
        try {
            int accountPort = ServiceProcess.freePort();
            accountUrl = "http://127.0.0.1:" + accountPort;
            // Emptied first: an earlier run's data was written with that run's secrets (ServiceProcess)
            String accountDb = ServiceDatabases.empty("account", env("HUIKETANG_GATEWAY_ACCOUNT_DB", "gateway_account_test"));
            String meetingDb = ServiceDatabases.empty("meeting", env("HUIKETANG_GATEWAY_MEETING_DB", "gateway_meeting_test"));
            ServiceProcess account = ServiceProcess.start("account-service", accountPort, Map.of(
                    "HUIKETANG_ACCOUNT_URL", accountUrl,
                    "HUIKETANG_SMS_OUTBOX", SMS_OUTBOX.toString(),
                    "HUIKETANG_ACCOUNT_CODES_RESEND_AFTER", "PT1S",
                    // Every test caller reaches account-service from the gateway's one address
                    "HUIKETANG_ACCOUNT_CODES_PER_IP_PER_HOUR", "100000",
                    "HUIKETANG_INBOX_GROUP_ID", "gateway-test-account-service",
                    "QUARKUS_DATASOURCE_JDBC_URL", accountDb));
            accountManagementUrl = account.managementUrl();
            int meetingPort = ServiceProcess.freePort();
            meetingUrl = "http://127.0.0.1:" + meetingPort;
            ServiceProcess meeting = ServiceProcess.start("meeting-service", meetingPort, Map.of(
                    "HUIKETANG_ACCOUNT_URL", accountUrl,
                    "HUIKETANG_INBOX_GROUP_ID", "gateway-test-meeting-service",
                    "QUARKUS_DATASOURCE_JDBC_URL", meetingDb));
            meetingManagementUrl = meeting.managementUrl();
            TestUpstream testUpstream = TestUpstream.start(ServiceProcess.freePort());
            int nobody = ServiceProcess.freePort();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (AutoCloseable process : List.<AutoCloseable>of(testUpstream, meeting, account)) {
                    try {
                        process.close();
                    } catch (Exception e) {
                        // the JVM is going away anyway
                    }
                }
            }));
            LocalhostCertificate.create(KEYSTORE, KEYSTORE_PASSWORD);
            String testUpstreamUrl = "http://127.0.0.1:" + testUpstream.port();
            Map<String, String> settings = new HashMap<>();
            settings.put("quarkus.oidc.auth-server-url", accountUrl);
            settings.put("huiketang.gateway.routing.upstreams.account.url", accountUrl);
            settings.put("huiketang.gateway.routing.upstreams.meeting.url", meetingUrl);
            settings.put("huiketang.gateway.routing.upstreams.chat.url", testUpstreamUrl);
            settings.put("huiketang.gateway.routing.upstreams.recording.url", testUpstreamUrl);
            settings.put("huiketang.gateway.routing.upstreams.privacy.url", "http://127.0.0.1:" + nobody);
            settings.put("huiketang.gateway.routing.upstreams.account.management-url", accountManagementUrl);
            settings.put("huiketang.gateway.routing.upstreams.meeting.management-url", meetingManagementUrl);
            // The test upstream describes its API too slowly; privacy-service's is not there at all
            settings.put("huiketang.gateway.routing.upstreams.chat.management-url", testUpstreamUrl);
            settings.put("huiketang.gateway.routing.upstreams.recording.management-url", testUpstreamUrl);
            settings.put("huiketang.gateway.routing.upstreams.privacy.management-url", "http://127.0.0.1:" + nobody);
            settings.put("huiketang.gateway.routing.routes.recordings.timeout", "PT1S");
            settings.put("huiketang.gateway.routing.routes.recordings.max-body-size", "64K");
            // A route with a tiny bucket, so that a test reaches the limit in a few calls
            settings.put("huiketang.gateway.routing.routes.limited.paths", "/api/v1/chat/limited/**");
            settings.put("huiketang.gateway.routing.routes.limited.upstream", "chat");
            settings.put("huiketang.gateway.routing.routes.limited.rate-limit", "tight");
            // and a public one with the same bucket size, where callers without a token are counted by address
            settings.put("huiketang.gateway.routing.routes.limited-public.paths", "/api/v1/recordings/notices/limited/**");
            settings.put("huiketang.gateway.routing.routes.limited-public.upstream", "recording");
            settings.put("huiketang.gateway.routing.routes.limited-public.rate-limit", "tight");
            settings.put("huiketang.gateway.rate-limit.classes.tight.capacity", "3");
            settings.put("huiketang.gateway.rate-limit.classes.tight.period", "PT1M");
            // A WebSocket route whose service is down
            settings.put("huiketang.gateway.routing.routes.chat-down.paths", "/api/v1/chat/down/**");
            settings.put("huiketang.gateway.routing.routes.chat-down.upstream", "privacy");
            settings.put("huiketang.gateway.routing.routes.chat-down.websocket", "true");
            settings.put("quarkus.tls.key-store.p12.path", KEYSTORE.toString());
            settings.put("quarkus.tls.key-store.p12.password", KEYSTORE_PASSWORD);
            return settings;
        } catch (Exception e) {
            throw new IllegalStateException("The gateway's upstreams did not start", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
