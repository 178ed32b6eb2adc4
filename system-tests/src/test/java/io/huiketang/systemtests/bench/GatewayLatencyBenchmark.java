package io.huiketang.systemtests.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.ServiceDatabases;
import io.huiketang.kit.testing.ServiceProcess;

/**
 * What the gateway adds: the same calls to a packaged account-service made directly and through a
 * packaged gateway, side by side in one run (interleaved, so both see the same machine). Through the
 * gateway a call with a token is verified twice (the gateway, then the service: nothing trusts the
 * network), takes a token from its Redis bucket and writes an access-log entry to Kafka.
 */
@Tag("benchmark")
class GatewayLatencyBenchmark {

    private static final int PEOPLE = 20;
    private static final int SEQUENTIAL = 2000;
    private static final int THREADS = 8;
    private static final int PER_THREAD = 500;

    @Test
    void addedLatencyAndThroughput() throws Exception {
        int accountPort = ServiceProcess.freePort();
        String accounts = "http://127.0.0.1:" + accountPort;
        Path sms = Path.of("target/bench-gateway-sms.log").toAbsolutePath();
        Files.deleteIfExists(sms);
        BenchmarkReport report = new BenchmarkReport("gateway: added latency and throughput",
                "Packaged account-service and gateway against the stack, loopback only. Each pair of rows is the same "
                        + "request straight to account-service and through the gateway, interleaved one by one in one "
                        + "run (" + SEQUENTIAL + " each, one client). `/me` carries a token: the gateway verifies it "
                        + "(ES256, revoked-session check in Redis), takes a rate-limit token from Redis, proxies, and "
                        + "queues an access-log event for Kafka; the service then verifies the token again. The "
                        + "discovery document is public (no token check). Throughput: " + THREADS + " client threads × "
                        + PER_THREAD + " GET /me, direct then through the gateway.");
        PlatformClient client = new PlatformClient(accounts, sms);
        try (ServiceProcess account = ServiceProcess.start("account-service", accountPort, Map.of(
                // Its own database, emptied: never dev/run's, whose data has other secrets (ServiceProcess)
                "QUARKUS_DATASOURCE_JDBC_URL", ServiceDatabases.empty("account", "account_bench"),
                "HUIKETANG_ACCOUNT_URL", accounts,
                "HUIKETANG_SMS_OUTBOX", sms.toString(), "HUIKETANG_ACCOUNT_CODES_RESEND_AFTER", "PT1S",
                "HUIKETANG_ACCOUNT_CODES_PER_IP_PER_HOUR", "100000"))) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < PEOPLE; i++) {
                tokens.add(client.registerAdult());
            }
            int gatewayPort = ServiceProcess.freePort();
            String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
            try (ServiceProcess gateway = ServiceProcess.start("gateway", gatewayPort, Map.of(
                    "HUIKETANG_ACCOUNT_URL", accounts,
                    "HUIKETANG_GATEWAY_TLS_PORT", Integer.toString(ServiceProcess.freePort()),
                    // Rate limiting stays on (its Redis round trip is part of the cost), with room for the run
                    "HUIKETANG_GATEWAY_RATE_LIMIT_CLASSES_DEFAULT_CAPACITY", "100000000"))) {
                report.figure("gateway start to first ready answer", gateway.startupMillis() + " ms");
                String token = tokens.get(0);
                for (int i = 0; i < 500; i++) { // warm-up of both paths
                    client.timeGet(accounts + "/api/v1/accounts/me", token);
                    client.timeGet(gatewayUrl + "/api/v1/accounts/me", token);
                    client.timeGet(accounts + "/.well-known/openid-configuration", null);
                    client.timeGet(gatewayUrl + "/.well-known/openid-configuration", null);
                }
                Latencies meDirect = new Latencies();
                Latencies meGateway = new Latencies();
                Latencies discoveryDirect = new Latencies();
                Latencies discoveryGateway = new Latencies();
                for (int i = 0; i < SEQUENTIAL; i++) {
                    meDirect.record(client.timeGet(accounts + "/api/v1/accounts/me", token));
                    meGateway.record(client.timeGet(gatewayUrl + "/api/v1/accounts/me", token));
                    discoveryDirect.record(client.timeGet(accounts + "/.well-known/openid-configuration", null));
                    discoveryGateway.record(client.timeGet(gatewayUrl + "/.well-known/openid-configuration", null));
                }
                report.latency("GET /api/v1/accounts/me with a token, direct", meDirect);
                report.latency("GET /api/v1/accounts/me with a token, through the gateway", meGateway);
                report.latency("GET /.well-known/openid-configuration (public), direct", discoveryDirect);
                report.latency("GET /.well-known/openid-configuration (public), through the gateway", discoveryGateway);
                report.figure("added by the gateway, /me (p50 / p99)", String.format(Locale.ROOT, "%.2f ms / %.2f ms",
                        meGateway.percentileMillis(50) - meDirect.percentileMillis(50),
                        meGateway.percentileMillis(99) - meDirect.percentileMillis(99)));
                report.figure("added by the gateway, public discovery (p50 / p99)", String.format(Locale.ROOT,
                        "%.2f ms / %.2f ms", discoveryGateway.percentileMillis(50) - discoveryDirect.percentileMillis(50),
                        discoveryGateway.percentileMillis(99) - discoveryDirect.percentileMillis(99)));

                double direct = throughput(client, accounts + "/api/v1/accounts/me", tokens);
                double proxied = throughput(client, gatewayUrl + "/api/v1/accounts/me", tokens);
                report.figure("GET /me per second, direct (" + THREADS + " clients)", String.format(Locale.ROOT, "%.0f", direct));
                report.figure("GET /me per second, through the gateway (" + THREADS + " clients)",
                        String.format(Locale.ROOT, "%.0f (%.0f %% of direct)", proxied, 100 * proxied / direct));
                report.figure("gateway RSS after the run", gateway.rssMegabytes() + " MB");
                report.figure("account-service RSS after the run", account.rssMegabytes() + " MB");
            }
        }
        report.write("gateway-latency.md");
    }

    private static double throughput(PlatformClient client, String url, List<String> tokens) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> results = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        client.timeGet(url, tokens.get((thread * PER_THREAD + i) % tokens.size()));
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
            return THREADS * PER_THREAD / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdown();
        }
    }
}
