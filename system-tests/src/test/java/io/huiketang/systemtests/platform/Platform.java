package io.huiketang.systemtests.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;

import io.huiketang.kit.testing.LocalhostCertificate;
import io.huiketang.kit.testing.ServiceProcess;

/**
 * The platform as a client meets it: the packaged services started as real processes against the
 * stack (their own databases, {@code *_system}), behind the gateway on HTTPS. Started once per test
 * JVM, on free ports, and stopped when the JVM ends.
 */
public final class Platform {

    private static final String KEYSTORE_PASSWORD = "system-tests";

    /** The Redis sorted set in which this run's meeting-service keeps presence. */
    public static final String MEETING_PRESENCE_KEY = "huiketang:meeting:heartbeats:system";
    private static Platform running;

    private final Path work = Path.of("target/platform").toAbsolutePath();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final int gatewayHttpsPort;

    private Platform() throws IOException {
        Files.createDirectories(work);
        // Fixed, because the acme realm lists the gateway's callback among its redirect URIs, and
        // Keycloak ignores the port only of plain-HTTP loopback addresses
        gatewayHttpsPort = Integer.parseInt(env("HUIKETANG_SYSTEM_TESTS_GATEWAY_PORT", "18443"));
    }

    /** The running platform, started on first use. */
    public static synchronized Platform get() {
        if (running == null) {
            try {
                Platform platform = new Platform();
                platform.startAll();
                Runtime.getRuntime().addShutdownHook(new Thread(platform::stopAll));
                running = platform;
            } catch (IOException e) {
                throw new IllegalStateException("the platform did not start", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return running;
    }

    /** A new client app talking to the gateway. */
    public Client client() {
        return new Client(this);
    }

    public String gatewayUrl() {
        return "https://localhost:" + gatewayHttpsPort;
    }

    public Path smsOutbox() {
        return work.resolve("sms.log");
    }

    public Path mailOutbox() {
        return work.resolve("mail.log");
    }

    /** A running service, for the fault tests that kill one. */
    public synchronized ServiceProcess service(String module) {
        return services.get(module);
    }

    /** Kills a service with SIGKILL and starts it again on the same port. */
    public synchronized ServiceProcess killAndRestart(String module) throws IOException, InterruptedException {
        ServiceProcess service = services.get(module);
        service.kill();
        ServiceProcess restarted = service.restart();
        services.put(module, restarted);
        return restarted;
    }

    /** What this client app trusts: exactly the certificate the gateway was given, for localhost. */
    public SSLContext tls() {
        return LocalhostCertificate.trusting(keystore(), KEYSTORE_PASSWORD);
    }

    private Path keystore() {
        return work.resolve("gateway-localhost.p12");
    }

    private void startAll() throws IOException, InterruptedException {
        Files.deleteIfExists(keystore()); // a certificate of this run, never an old one
        LocalhostCertificate.create(keystore(), KEYSTORE_PASSWORD);
        int accountPort = ServiceProcess.freePort();
        int meetingPort = ServiceProcess.freePort();
        String accounts = "http://127.0.0.1:" + accountPort;
        String meetings = "http://127.0.0.1:" + meetingPort;

        Map<String, String> account = database("account");
        account.putAll(Map.of("HUIKETANG_TOKEN_ISSUER", accounts, "HUIKETANG_ACCOUNT_URL", accounts,
                "HUIKETANG_SMS_OUTBOX", smsOutbox().toString(), "HUIKETANG_MAIL_OUTBOX", mailOutbox().toString(),
                "HUIKETANG_SSO_ALLOW_LOCAL_ISSUERS", "true",
                // No WeChat is reachable from here: its logins answer 503 at once instead of after a DNS failure
                "HUIKETANG_WECHAT_BASE_URL", "http://127.0.0.1:" + ServiceProcess.freePort(),
                "HUIKETANG_SSO_CALLBACK_URL", gatewayUrl() + "/api/v1/sso/callback",
                // Every client of these tests comes from 127.0.0.1: the per-address code limit is for the real world
                "HUIKETANG_ACCOUNT_CODES_RESEND_AFTER", "PT1S", "HUIKETANG_ACCOUNT_CODES_PER_IP_PER_HOUR", "100000"));
        services.put("account-service", ServiceProcess.start("account-service", accountPort, account));

        Map<String, String> meeting = database("meeting");
        meeting.put("HUIKETANG_ACCOUNT_URL", accounts);
        // Presence of this run under its own key (other runs share the Redis server); the reconciler
        // every two seconds, so the presence fault tests see its repairs promptly
        meeting.put("HUIKETANG_MEETING_PRESENCE_KEY", MEETING_PRESENCE_KEY);
        meeting.put("HUIKETANG_MEETING_RECONCILE_INTERVAL", "2s");
        services.put("meeting-service", ServiceProcess.start("meeting-service", meetingPort, meeting));

        Map<String, String> gateway = new HashMap<>(Map.of("HUIKETANG_ACCOUNT_URL", accounts,
                "HUIKETANG_MEETING_URL", meetings,
                // Not built yet: nothing listens there, and the gateway says so with a 503
                "HUIKETANG_RECORDING_URL", "http://127.0.0.1:" + ServiceProcess.freePort(),
                "HUIKETANG_CHAT_URL", "http://127.0.0.1:" + ServiceProcess.freePort(),
                "HUIKETANG_PRIVACY_URL", "http://127.0.0.1:" + ServiceProcess.freePort(),
                "HUIKETANG_GATEWAY_TLS_PORT", Integer.toString(gatewayHttpsPort),
                "QUARKUS_TLS_KEY_STORE_P12_PATH", keystore().toString(),
                "QUARKUS_TLS_KEY_STORE_P12_PASSWORD", KEYSTORE_PASSWORD));
        // Every client of these tests is 127.0.0.1 and a few people make thousands of calls: the
        // limits are the gateway module's tests' business, not a limit on this traffic
        gateway.put("HUIKETANG_GATEWAY_RATE_LIMIT_CLASSES_DEFAULT_CAPACITY", "1000000");
        gateway.put("HUIKETANG_GATEWAY_RATE_LIMIT_CLASSES_CREDENTIALS_CAPACITY", "1000000");
        services.put("gateway", ServiceProcess.start("gateway", ServiceProcess.freePort(), gateway));
    }

    /**
     * Its own database (emptied first, so that every run starts from what a new installation has)
     * and consumer group, so that a dev/run platform beside it is not disturbed.
     */
    private static Map<String, String> database(String service) {
        String url = "jdbc:postgresql://" + env("HUIKETANG_PG_HOST", "127.0.0.1") + ":" + env("HUIKETANG_PG_PORT", "5432")
                + "/" + service + "_system";
        String role = service.toUpperCase(Locale.ROOT);
        String user = env("HUIKETANG_" + role + "_DB_USER", service);
        String password = env("HUIKETANG_" + role + "_DB_PASSWORD", service);
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement sql = connection.createStatement()) {
            sql.execute("DROP SCHEMA public CASCADE");
            sql.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty " + url + " (dev/stack up creates it): " + e.getMessage(), e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", url);
        env.put("HUIKETANG_INBOX_GROUP_ID", service + "-service-system");
        return env;
    }

    /** A connection to a service's database of this run, for fault tests that compare it with Redis. */
    public static Connection openDatabase(String service) throws SQLException {
        String role = service.toUpperCase(Locale.ROOT);
        return DriverManager.getConnection("jdbc:postgresql://" + env("HUIKETANG_PG_HOST", "127.0.0.1") + ":"
                + env("HUIKETANG_PG_PORT", "5432") + "/" + service + "_system",
                env("HUIKETANG_" + role + "_DB_USER", service), env("HUIKETANG_" + role + "_DB_PASSWORD", service));
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private synchronized void stopAll() {
        services.values().forEach(service -> {
            try {
                service.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
