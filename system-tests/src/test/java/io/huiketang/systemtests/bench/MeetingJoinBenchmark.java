package io.huiketang.systemtests.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.testing.ServiceProcess;

/**
 * Meeting joins against a packaged meeting-service (tokens from a packaged account-service), called
 * directly, not through the gateway: joins per second and the latency of one join, which verifies
 * the token, checks the passcode, opens an attendance session (row, Redis presence, event in the
 * outbox), writes the network log and signs a LiveKit token.
 */
@Tag("benchmark")
class MeetingJoinBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PEOPLE = 50;
    private static final int THREADS = 8;
    private static final int JOINS_PER_THREAD = 250;
    private final HttpClient http = HttpClient.newHttpClient();
    private final SecureRandom random = new SecureRandom();

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
        try (ServiceProcess account = ServiceProcess.start("account-service", accountPort, Map.of(
                "HUIKETANG_TOKEN_ISSUER", accounts, "HUIKETANG_ACCOUNT_URL", accounts,
                "HUIKETANG_SMS_OUTBOX", sms.toString(), "HUIKETANG_ACCOUNT_CODES_RESEND_AFTER", "PT1S"))) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < PEOPLE; i++) {
                tokens.add(register(accounts, sms));
            }
            int meetingPort = ServiceProcess.freePort();
            String meetings = "http://127.0.0.1:" + meetingPort;
            try (ServiceProcess meeting = ServiceProcess.start("meeting-service", meetingPort,
                    Map.of("HUIKETANG_ACCOUNT_URL", accounts))) {
                report.figure("meeting-service start to first ready answer", meeting.startupMillis() + " ms");
                JsonNode created = send(meetings + "/api/v1/meetings", tokens.get(0),
                        Map.of("topic", "压测会议", "kind", "INSTANT"), 201);
                String number = created.get("number").asText();
                for (int i = 0; i < 200; i++) { // warm-up
                    send(meetings + "/api/v1/meetings/join", tokens.get(i % PEOPLE), Map.of("number", number), 200);
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
                            send(meetings + "/api/v1/meetings/join", token, Map.of("number", number), 200);
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

    private String register(String base, Path sms) throws Exception {
        String phone = "+86135" + String.format("%08d", random.nextInt(100_000_000));
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/accounts/verification-codes"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", "198.18." + random.nextInt(256) + "." + (1 + random.nextInt(254)))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("phone", phone)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (sent.statusCode() != 202) {
            throw new IllegalStateException("code request answered " + sent.statusCode());
        }
        String code = null;
        List<String> lines = Files.readAllLines(sms);
        for (int i = lines.size() - 1; i >= 0 && code == null; i--) {
            String[] parts = lines.get(i).split("\t");
            if (parts[1].equals(phone)) {
                code = parts[2].replaceAll("\\D*(\\d{6}).*", "$1");
            }
        }
        JsonNode registered = send(base + "/api/v1/accounts/registrations", null, Map.of("phone", phone, "code", code,
                "displayName", "压测", "policyVersion", "2023-05-16", "ageBracket", "ADULT"), 201);
        return registered.get("tokens").get("accessToken").asText();
    }

    private JsonNode send(String url, String token, Object body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
