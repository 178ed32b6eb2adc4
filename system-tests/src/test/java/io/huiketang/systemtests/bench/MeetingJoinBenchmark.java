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

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.testing.ServiceProcess;

/**
 * Meeting joins against a packaged meeting-service (tokens from a packaged account-service), called
 * directly, not through the gateway: joins per second and the latency of one join, which verifies
 * the token, checks the passcode, opens an attendance session (row, Redis presence, event in the
 * outbox), writes the network log and signs a LiveKit token.
 */
@Tag("benchmark")
class MeetingJoinBenchmark {

    private static final int PEOPLE = 50;
    private static final int THREADS = 8;
    private static final int JOINS_PER_THREAD = 250;

    @Test
    void joinsPerSecondAndLatency() throws Exception {
        int accountPort = ServiceProcess.freePort();
        String accounts = "http://127.0.0.1:" + accountPort;
        Path sms = Path.of("target/bench-join-sms.log").toAbsolutePath();
        Files.deleteIfExists(sms);
        BenchmarkReport report = new BenchmarkReport("meeting-service: joins",
                "Packaged account-service and meeting-service against the stack; " + THREADS + " client threads × "
                        + JOINS_PER_THREAD + " joins of " + PEOPLE + " people into one meeting (a rejoin closes "
                        + "the person's previous session first), straight to meeting-service over loopback.");
        PlatformClient client = new PlatformClient(accounts, sms);
        try (ServiceProcess account = ServiceProcess.start("account-service", accountPort, Map.of(
                "HUIKETANG_TOKEN_ISSUER", accounts, "HUIKETANG_ACCOUNT_URL", accounts,
                "HUIKETANG_SMS_OUTBOX", sms.toString(), "HUIKETANG_ACCOUNT_CODES_RESEND_AFTER", "PT1S"))) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < PEOPLE; i++) {
                tokens.add(client.registerAdult());
            }
            int meetingPort = ServiceProcess.freePort();
            String meetings = "http://127.0.0.1:" + meetingPort;
            try (ServiceProcess meeting = ServiceProcess.start("meeting-service", meetingPort,
                    Map.of("HUIKETANG_ACCOUNT_URL", accounts))) {
                report.figure("meeting-service start to first ready answer", meeting.startupMillis() + " ms");
                JsonNode created = client.post(meetings + "/api/v1/meetings", tokens.get(0),
                        Map.of("topic", "压测会议", "kind", "INSTANT"), 201);
                String number = created.get("number").asText();
                for (int i = 0; i < 200; i++) { // warm-up
                    client.post(meetings + "/api/v1/meetings/join", tokens.get(i % PEOPLE), Map.of("number", number), 200);
                }
                ExecutorService pool = Executors.newFixedThreadPool(THREADS);
                List<Future<Latencies>> results = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        Latencies latencies = new Latencies();
                        for (int i = 0; i < JOINS_PER_THREAD; i++) {
                            String token = tokens.get((thread * JOINS_PER_THREAD + i) % PEOPLE);
                            long start = System.nanoTime();
                            client.post(meetings + "/api/v1/meetings/join", token, Map.of("number", number), 200);
                            latencies.record(System.nanoTime() - start);
                        }
                        return latencies;
                    }));
                }
                Latencies all = new Latencies();
                for (Future<Latencies> result : results) {
                    Latencies part = result.get();
                    for (int i = 0; i < part.count(); i++) {
                        all.record(part.sample(i));
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                pool.shutdown();
                report.latency("POST /api/v1/meetings/join (" + THREADS + " concurrent clients)", all);
                report.figure("joins per second", String.format(Locale.ROOT, "%.0f", all.count() / seconds));
                report.figure("meeting-service RSS after the run", meeting.rssMegabytes() + " MB");
            }
        }
        report.write("meeting-joins.md");
    }
}
