package io.huiketang.systemtests.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.testing.TopicReader;
import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * Meeting joins, the platform's busiest write: straight to meeting-service and through the gateway
 * (HTTPS, token check, rate limit, access log) side by side in one run, and how long the joins'
 * events waited in the outbox before Kafka had them. A join verifies the token, checks the
 * passcode, opens an attendance session (row, Redis presence, event in the outbox), writes the
 * network log and signs a LiveKit token.
 */
@Tag("benchmark")
class MeetingJoinBenchmark {

    private static final int PEOPLE = 50;
    private static final int THREADS = 8;
    private static final int JOINS_PER_THREAD = 250;
    private static final String JOIN = "/api/v1/meetings/join";

    @Test
    void joinsPerSecondAndLatencyDirectAndThroughTheGateway() throws Exception {
        Platform platform = Platform.get();
        Client app = platform.client();
        BenchmarkReport report = new BenchmarkReport("meeting-service: joins, direct and through the gateway",
                "Packaged services against the stack; " + THREADS + " client threads × " + JOINS_PER_THREAD
                        + " joins of " + PEOPLE + " people into one meeting (a rejoin closes the person's previous "
                        + "session first), first straight to meeting-service (HTTP), then through the gateway (HTTPS). "
                        + "Outbox lag: from the event's time (written in the join's transaction) to its Kafka timestamp.");
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            people.add(app.registerAdult("压测用户" + i));
        }
        String number = app.post("/api/v1/meetings", people.get(0).token(), java.util.Map.of("topic", "压测会议",
                "kind", "INSTANT")).expect(201).get("number").asText();
        String body = "{\"number\":\"" + number + "\"}";
        String direct = platform.service("meeting-service").baseUrl() + JOIN;
        String gateway = platform.gatewayUrl() + JOIN;
        for (int i = 0; i < 300; i++) { // warm-up of both paths
            join(app, i % 2 == 0 ? direct : gateway, people.get(i % PEOPLE), body);
        }

        Instant start = Instant.now();
        for (String[] path : new String[][] { { "direct", direct }, { "through the gateway", gateway } }) {
            long t0 = System.nanoTime();
            Latencies all = run(app, path[1], people, body);
            double seconds = (System.nanoTime() - t0) / 1e9;
            report.latency("POST " + JOIN + " " + path[0] + " (" + THREADS + " concurrent clients)", all);
            report.figure("joins per second " + path[0], String.format(Locale.ROOT, "%.0f", all.count() / seconds));
        }
        report.latency("outbox to Kafka lag of participant-joined", outboxLag(start));
        report.figure("meeting-service RSS after the run", platform.service("meeting-service").rssMegabytes() + " MB");
        report.figure("gateway RSS after the run", platform.service("gateway").rssMegabytes() + " MB");
        report.write("meeting-joins.md");
    }

    private static Latencies run(Client app, String url, List<Person> people, String body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Latencies>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                Latencies latencies = new Latencies();
                for (int i = 0; i < JOINS_PER_THREAD; i++) {
                    Person person = people.get((thread * JOINS_PER_THREAD + i) % PEOPLE);
                    long begin = System.nanoTime();
                    join(app, url, person, body);
                    latencies.record(System.nanoTime() - begin);
                }
                return latencies;
            }));
        }
        Latencies all = new Latencies();
        for (Future<Latencies> result : results) {
            all.addAll(result.get());
        }
        pool.shutdown();
        return all;
    }

    private static void join(Client app, String url, Person person, String body) {
        Answer answer = app.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + person.token()).POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        answer.expect(200);
    }

    /** Kafka's timestamp of each participant-joined record minus the event's own time. */
    private static Latencies outboxLag(Instant since) {
        Latencies lag = new Latencies();
        try (TopicReader events = TopicReader.since("meeting.events", since)) {
            for (ConsumerRecord<String, byte[]> record : events.readToEnd(java.time.Duration.ofSeconds(60))) {
                ConsumedEvent event = ConsumedEvent.parse(record.topic(), record.key(), record.value());
                if (event.type().equals("huiketang.meeting.participant-joined.v1")) {
                    long millis = record.timestamp() - event.time().toInstant().toEpochMilli();
                    lag.record(Math.max(0, millis) * 1_000_000);
                }
            }
        }
        return lag;
    }
}
