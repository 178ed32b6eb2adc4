package io.huiketang.systemtests.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.ServiceProcess;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * What each hot-path request costs in CPU, read from the serving process's own CPU time
 * (/proc/&lt;pid&gt;/stat) over many requests, so that the figure holds whatever else the machine does;
 * and the join rate with 32 concurrent clients. Direct and through the gateway side by side, in one run.
 */
@Tag("benchmark")
class HotPathCpuBenchmark {

    private static final int SEQUENTIAL = 1000;
    private static final int PEOPLE = 64;
    private static final int THREADS = 32;
    private static final int JOINS_PER_THREAD = 100;

    @Test
    void cpuPerRequestOnTheHotPaths() throws Exception {
        Platform platform = Platform.get();
        Client app = platform.client();
        ServiceProcess meetings = platform.service("meeting-service");
        ServiceProcess accounts = platform.service("account-service");
        ServiceProcess gateway = platform.service("gateway");
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            people.add(app.registerAdult("热路径" + i));
        }
        Person host = people.get(0);
        JsonNode meeting = app.post("/api/v1/meetings", host.token(), Map.of("topic", "热路径会议", "kind", "INSTANT")).expect(201);
        String id = meeting.get("id").asText();
        String joinBody = "{\"number\":\"" + meeting.get("number").asText() + "\"}";
        String direct = meetings.baseUrl();
        String viaGateway = platform.gatewayUrl();
        post(app, direct + "/api/v1/meetings/join", host, joinBody, 200);

        CapacityModel capacity = new CapacityModel();
        StringBuilder md = new StringBuilder("## hot paths: CPU per request\n\n")
                .append("The packaged platform (every service and the gateway) against the stack. Each request is sent ")
                .append(SEQUENTIAL).append(" times by one client after a warm-up; CPU per request is the serving ")
                .append("process's CPU time (user + system, /proc/<pid>/stat) over the run divided by the requests, so ")
                .append("it holds on a busy machine; latency is the client's. Through the gateway the gateway's own CPU is ")
                .append("shown beside the service's. Joins: ").append(THREADS).append(" concurrent clients × ")
                .append(JOINS_PER_THREAD).append(" joins of ").append(PEOPLE).append(" people into one meeting.\n\n")
                .append("| request | path | p50 ms | p99 ms | service CPU ms/request | gateway CPU ms/request |\n")
                .append("|---|---|---|---|---|---|\n");
        Object[][] requests = {
                { "GET /api/v1/meetings/{id}", "GET", "/api/v1/meetings/" + id, meetings, 200 },
                { "POST /api/v1/meetings/{id}/heartbeat", "POST", "/api/v1/meetings/" + id + "/heartbeat", meetings, 204 },
                { "GET /api/v1/accounts/me", "GET", "/api/v1/accounts/me", accounts, 200 } };
        for (Object[] request : requests) {
            ServiceProcess service = (ServiceProcess) request[3];
            for (String[] path : new String[][] { { "direct", service.baseUrl() }, { "gateway", viaGateway } }) {
                String url = path[1] + request[2];
                // A fresh session for the heartbeats: the sweeper closes one silent for longer than its timeout
                post(app, direct + "/api/v1/meetings/join", host, joinBody, 200);
                for (int i = 0; i < 200; i++) {
                    send(app, (String) request[1], url, host, "", (int) request[4]);
                }
                long serviceCpu = service.cpuMillis();
                long gatewayCpu = gateway.cpuMillis();
                Latencies latencies = new Latencies();
                for (int i = 0; i < SEQUENTIAL; i++) {
                    long begin = System.nanoTime();
                    send(app, (String) request[1], url, host, "", (int) request[4]);
                    latencies.record(System.nanoTime() - begin);
                }
                double serviceMs = (service.cpuMillis() - serviceCpu) / (double) SEQUENTIAL;
                double gatewayMs = (gateway.cpuMillis() - gatewayCpu) / (double) SEQUENTIAL;
                capacity.measured((String) request[0], path[0], serviceMs, gatewayMs);
                row(md, String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %s |\n", request[0], path[0],
                        latencies.percentileMillis(50), latencies.percentileMillis(99), serviceMs,
                        path[0].equals("direct") ? "" : String.format(Locale.ROOT, "%.2f", gatewayMs)));
            }
        }

        md.append("\n| joins, ").append(THREADS).append(" clients | path | joins/s | p50 ms | p99 ms | refused | meeting-service CPU ms/join | gateway CPU ms/join |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        double directRate = 0;
        for (String[] path : new String[][] { { "direct", direct }, { "gateway", viaGateway } }) {
            String url = path[1] + "/api/v1/meetings/join";
            joins(app, url, people, joinBody, 10, new AtomicInteger()); // warm-up
            long serviceCpu = meetings.cpuMillis();
            long gatewayCpu = gateway.cpuMillis();
            long t0 = System.nanoTime();
            AtomicInteger refused = new AtomicInteger();
            Latencies latencies = joins(app, url, people, joinBody, JOINS_PER_THREAD, refused);
            double rate = latencies.count() / ((System.nanoTime() - t0) / 1e9);
            directRate = path[0].equals("direct") ? rate : directRate;
            double serviceMs = (meetings.cpuMillis() - serviceCpu) / (double) latencies.count();
            double gatewayMs = (gateway.cpuMillis() - gatewayCpu) / (double) latencies.count();
            capacity.measured("POST /api/v1/meetings/join", path[0], serviceMs, gatewayMs);
            row(md, String.format(Locale.ROOT, "| POST /api/v1/meetings/join | %s | %.0f%s | %.2f | %.2f | %d | %.2f | %s |\n",
                    path[0], rate, path[0].equals("direct") ? "" : String.format(Locale.ROOT, " (%.0f %% of direct)", 100 * rate / directRate),
                    latencies.percentileMillis(50), latencies.percentileMillis(99), refused.get(), serviceMs,
                    path[0].equals("direct") ? "" : String.format(Locale.ROOT, "%.2f", gatewayMs)));
        }
        md.append(String.format(Locale.ROOT, "\nRSS after the run: meeting-service %d MB, account-service %d MB, gateway %d MB.\n\n",
                meetings.rssMegabytes(), accounts.rssMegabytes(), gateway.rssMegabytes()));
        BenchmarkReport.writeMarkdown("hot-paths.md", md.toString());
        capacity.write();
    }

    /** Appends a row to the report and prints it at once, so that a run cut short still shows what it measured. */
    private static void row(StringBuilder md, String row) {
        System.out.print(row);
        md.append(row);
    }

    /** Joins by every client at once; an answer other than 200 (an overloaded service's 503) is counted, not thrown. */
    private static Latencies joins(Client app, String url, List<Person> people, String body, int perThread,
            AtomicInteger refused) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Latencies>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                Latencies latencies = new Latencies();
                for (int i = 0; i < perThread; i++) {
                    Person person = people.get((thread * perThread + i) % PEOPLE);
                    long begin = System.nanoTime();
                    int status = app.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + person.token())
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()).status();
                    if (status == 200) {
                        latencies.record(System.nanoTime() - begin);
                    } else {
                        refused.incrementAndGet();
                    }
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

    private static void post(Client app, String url, Person person, String body, int status) {
        send(app, "POST", url, person, body, status);
    }

    private static void send(Client app, String method, String url, Person person, String body, int status) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + person.token());
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        app.send(request.build()).expect(status);
    }
}
