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
import java.util.Optional;

import javax.net.ssl.SSLContext;

import io.huiketang.kit.testing.LocalhostCertificate;
import io.huiketang.kit.testing.OtlpReceiver;
import io.huiketang.kit.testing.ServiceProcess;

/**
 * The platform as a client meets it: the packaged services started as real processes against the
 * stack (their own databases, {@code *_system}), behind the gateway on HTTPS. Started once per test
 * JVM, on free ports, and stopped when the JVM ends.
 */
public final class Platform {

    private static final String KEYSTORE_PASSWORD = "system-tests";
    /** What the stand-in for WeChat answers unless a test sets otherwise: WeChat is down. */
    public static final FakeUpstream.Reply WECHAT_DOWN = new FakeUpstream.Reply(503, "text/plain",
            "unavailable".getBytes(java.nio.charset.StandardCharsets.UTF_8), null);

    /** The Redis sorted set in which this run's meeting-service keeps presence. */
    public static final String MEETING_PRESENCE_KEY = "huiketang:meeting:heartbeats:system";
    private static Platform running;

    private final Path work = Path.of("target/platform").toAbsolutePath();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final int gatewayHttpsPort;
    private final FakeUpstream weChat = FakeUpstream.start(WECHAT_DOWN);
    /**
     * Where every service exports its spans, when tracing is on ({@code -Dsystemtests.tracing}, on in
     * the test command, off in dev/bench: spans cost CPU the benchmarks would count).
     */
    private final OtlpReceiver traces = Boolean.parseBoolean(System.getProperty("huiketang.systemtests.tracing", "false"))
            ? OtlpReceiver.start() : null;

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

    /** The CSV file account-service reads as the credit-code registry ({@code creditCode,mobileNumber}). */
    public Path creditCodeRegistry() {
        return work.resolve("credit-code-registry.csv");
    }

    public Path mailOutbox() {
        return work.resolve("mail.log");
    }

    /** The stand-in for WeChat's API; a test that changes its answers resets it to {@link #WECHAT_DOWN}. */
    public FakeUpstream weChat() {
        return weChat;
    }

    /** The receiver of every service's spans; empty when this run has tracing off. */
    public Optional<OtlpReceiver> traces() {
        return Optional.ofNullable(traces);
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

    /** Kills a service with SIGKILL and leaves it down, until {@link #start}. */
    public synchronized void kill(String module) throws InterruptedException {
        services.get(module).kill();
    }

    /** Starts a killed service again on the same port. */
    public synchronized ServiceProcess start(String module) throws IOException, InterruptedException {
        ServiceProcess restarted = services.get(module).restart();
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
        // Clients know the platform only by the gateway's address: the tokens' issuer, the SSO callback
        // and the links in messages name it, while the services verify tokens at account-service itself
        account.putAll(Map.of("HUIKETANG_PUBLIC_URL", gatewayUrl(), "HUIKETANG_ACCOUNT_URL", accounts,
                "HUIKETANG_SMS_OUTBOX", smsOutbox().toString(), "HUIKETANG_MAIL_OUTBOX", mailOutbox().toString(),
                "HUIKETANG_SSO_ALLOW_LOCAL_ISSUERS", "true",
                // No WeChat is reachable from here: a stand-in answers as an unavailable WeChat, unless a test
                // makes it answer otherwise (the tests of what the platform does with a provider's answers)
                "HUIKETANG_WECHAT_BASE_URL", weChat.url(),
                // Every client of these tests comes from 127.0.0.1: the per-address code limit is for the real world
                "HUIKETANG_ACCOUNT_CODES_RESEND_AFTER", "PT1S", "HUIKETANG_ACCOUNT_CODES_PER_IP_PER_HOUR", "100000"));
        // The registry's contact numbers for credit codes: tests add the codes they prove
        account.put("HUIKETANG_CREDIT_CODE_REGISTRY", creditCodeRegistry().toString());
        services.put("account-service", ServiceProcess.start("account-service", accountPort, traced(account)));

        Map<String, String> meeting = database("meeting");
        meeting.put("HUIKETANG_ACCOUNT_URL", accounts);
        meeting.put("HUIKETANG_PUBLIC_URL", gatewayUrl());
        // Presence of this run under its own key (other runs share the Redis server); the reconciler
        // every two seconds, so the presence fault tests see its repairs promptly
        meeting.put("HUIKETANG_MEETING_PRESENCE_KEY", MEETING_PRESENCE_KEY);
        meeting.put("HUIKETANG_MEETING_RECONCILE_INTERVAL", "2s");
        services.put("meeting-service", ServiceProcess.start("meeting-service", meetingPort, traced(meeting)));

        int recordingPort = ServiceProcess.freePort();
        Map<String, String> recording = database("recording");
        recording.put("HUIKETANG_ACCOUNT_URL", accounts);
        recording.put("HUIKETANG_PUBLIC_URL", gatewayUrl());
        services.put("recording-service", ServiceProcess.start("recording-service", recordingPort, traced(recording)));

        int privacyPort = ServiceProcess.freePort();
        Map<String, String> privacy = database("privacy");
        privacy.put("HUIKETANG_ACCOUNT_URL", accounts);
        privacy.put("HUIKETANG_PUBLIC_URL", gatewayUrl());
        // The data holders of this platform: every request waits for each of them, and for no other
        // (a dev/run platform beside it announces its own services on the same broker)
        privacy.put("HUIKETANG_PRIVACY_HOLDERS", "account-service,meeting-service,recording-service,privacy-service");
        privacy.put("HUIKETANG_PRIVACY_REQUESTS_INCLUDE_ANNOUNCED", "false");
        // A silent holder is asked again within seconds (PrivacyFaultTest stops one for a minute)
        privacy.put("HUIKETANG_PRIVACY_REQUESTS_FIRST_RETRY", "PT5S");
        privacy.put("HUIKETANG_PRIVACY_REQUESTS_MAX_RETRY", "PT15S");
        services.put("privacy-service", ServiceProcess.start("privacy-service", privacyPort, traced(privacy)));

        // chat-service: no database; its own consumer group, so that a dev/run platform beside it keeps its own
        Map<String, String> chat = new HashMap<>(Map.of("HUIKETANG_ACCOUNT_URL", accounts,
                "HUIKETANG_PUBLIC_URL", gatewayUrl(), "HUIKETANG_CHAT_GROUP_ID", "chat-service-system"));
        int chatPort = ServiceProcess.freePort();
        services.put("chat-service", ServiceProcess.start("chat-service", chatPort, traced(chat)));

        Map<String, String> gateway = new HashMap<>(Map.of("HUIKETANG_ACCOUNT_URL", accounts,
                "HUIKETANG_PUBLIC_URL", gatewayUrl(),
                "HUIKETANG_MEETING_URL", meetings,
                "HUIKETANG_RECORDING_URL", "http://127.0.0.1:" + recordingPort,
                "HUIKETANG_CHAT_URL", "http://127.0.0.1:" + chatPort,
                "HUIKETANG_PRIVACY_URL", "http://127.0.0.1:" + privacyPort,
                "HUIKETANG_GATEWAY_TLS_PORT", Integer.toString(gatewayHttpsPort),
                "QUARKUS_TLS_KEY_STORE_P12_PATH", keystore().toString(),
                "QUARKUS_TLS_KEY_STORE_P12_PASSWORD", KEYSTORE_PASSWORD));
        // Every client of these tests is 127.0.0.1 and a few people make thousands of calls: the
        // limits are the gateway module's tests' business, not a limit on this traffic
        gateway.put("HUIKETANG_GATEWAY_RATE_LIMIT_CLASSES_DEFAULT_CAPACITY", "1000000");
        gateway.put("HUIKETANG_GATEWAY_RATE_LIMIT_CLASSES_CREDENTIALS_CAPACITY", "1000000");
        // Where the gateway reads each service's API description: the management interface, never routed
        gateway.put("HUIKETANG_ACCOUNT_MANAGEMENT_URL", services.get("account-service").managementUrl());
        gateway.put("HUIKETANG_MEETING_MANAGEMENT_URL", services.get("meeting-service").managementUrl());
        gateway.put("HUIKETANG_PRIVACY_MANAGEMENT_URL", services.get("privacy-service").managementUrl());
        gateway.put("HUIKETANG_CHAT_MANAGEMENT_URL", services.get("chat-service").managementUrl());
        gateway.put("HUIKETANG_RECORDING_MANAGEMENT_URL", services.get("recording-service").managementUrl());
        gateway.put("HUIKETANG_GATEWAY_SPOOL_DIR", work.resolve("access-log-spool").toString());
        services.put("gateway", ServiceProcess.start("gateway", ServiceProcess.freePort(), traced(gateway)));
    }

    /** A service's environment, with tracing on and exported to {@link #traces()} when this run traces. */
    private Map<String, String> traced(Map<String, String> env) {
        if (traces != null) {
            env.putAll(traces.environment());
        }
        return env;
    }

    /**
     * Its own database (emptied first, so that every run starts from what a new installation has)
     * and consumer group, so that a dev/run platform beside it is not disturbed.
     */
    private static Map<String, String> database(String service) {
        String url = jdbcUrl(service);
        try (Connection connection = connect(service); Statement sql = connection.createStatement()) {
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

    /**
     * A connection to a service's database as its own role, for the fault tests that look at what a
     * client cannot see (the outbox waiting to be relayed, attendance compared with Redis).
     */
    public static Connection connect(String service) throws SQLException {
        String role = service.toUpperCase(Locale.ROOT);
        return DriverManager.getConnection(jdbcUrl(service), env("HUIKETANG_" + role + "_DB_USER", service),
                env("HUIKETANG_" + role + "_DB_PASSWORD", service));
    }

    private static String jdbcUrl(String service) {
        return "jdbc:postgresql://" + env("HUIKETANG_PG_HOST", "127.0.0.1") + ":" + env("HUIKETANG_PG_PORT", "5432")
                + "/" + service + "_system";
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private synchronized void stopAll() {
        weChat.close();
        if (traces != null) {
            traces.close();
        }
        services.values().forEach(service -> {
            try {
                service.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
