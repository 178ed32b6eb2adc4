package io.huiketang.systemtests.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.ServiceProcess;
import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * Sustained load through the gateway (dev/bench --soak, tag "soak"; -Dsoak.duration, default
 * PT10M): people joining and leaving meetings, reading their profile and exporting their meeting
 * history as CSV, with no pause. Every sample interval each service is made to collect its garbage
 * (jcmd GC.run) and its heap then read from its metrics, with its live threads and its open file
 * descriptors (sockets and database connections among them). Chat is not built yet, so not in the mix.
 * Errors must be 0, heap after GC flat within 10% (last quarter against first), threads and
 * descriptors not growing; the verdicts are in the report, and the test fails on errors.
 */
@Tag("soak")
class SoakBenchmark {

    private static final List<String> SERVICES = List.of("account-service", "meeting-service", "gateway");
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+-]+)",
            Pattern.MULTILINE);
    private static final Pattern THREADS = Pattern.compile("^jvm_threads_live_threads(?:\\{[^}]*})? ([0-9.eE+-]+)",
            Pattern.MULTILINE);
    private static final int WORKERS = 4;

    record Sample(Instant at, String module, double heapMb, long threads, long fds) {
    }

    @Test
    void sustainedLoadLeavesNoGrowth() throws Exception {
        Duration duration = Duration.parse(System.getProperty("soak.duration", "PT10M"));
        Duration interval = Duration.parse(System.getProperty("soak.sample", duration.compareTo(Duration.ofMinutes(2)) < 0
                ? "PT5S" : "PT20S"));
        Platform platform = Platform.get();
        Client app = platform.client();
        Map<String, Long> pids = new java.util.HashMap<>();
        for (String module : SERVICES) {
            pids.put(module, pidOf(platform.service(module)));
        }
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < WORKERS * 2; i++) {
            people.add(app.registerAdult("耐久用户" + i));
        }
        AtomicLong requests = new AtomicLong();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        Instant end = Instant.now().plus(duration);
        ExecutorService load = Executors.newFixedThreadPool(WORKERS);
        for (int w = 0; w < WORKERS; w++) {
            Person host = people.get(2 * w);
            Person guest = people.get(2 * w + 1);
            load.submit(() -> {
                Instant refreshed = Instant.now();
                while (Instant.now().isBefore(end)) {
                    try {
                        // As the app does: new tokens before the access token's ten minutes run out
                        if (Instant.now().isAfter(refreshed.plus(TOKEN_REFRESH))) {
                            host.refresh(app);
                            guest.refresh(app);
                            requests.addAndGet(2);
                            refreshed = Instant.now();
                        }
                        cycle(app, host, guest, requests, errors);
                    } catch (RuntimeException e) {
                        errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                }
            });
        }
        List<Sample> samples = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        while (Instant.now().isBefore(end)) {
            for (String module : SERVICES) {
                samples.add(sample(http, module, platform.service(module), pids.get(module)));
            }
            Thread.sleep(Math.max(0, Math.min(interval.toMillis(), Duration.between(Instant.now(), end).toMillis())));
        }
        load.shutdown();
        load.awaitTermination(1, TimeUnit.MINUTES);
        for (String module : SERVICES) {
            samples.add(sample(http, module, platform.service(module), pids.get(module)));
        }
        String verdicts = write(duration, interval, requests.get(), errors, samples);
        if (!errors.isEmpty()) {
            throw new AssertionError(errors.size() + " errors under sustained load, first: " + errors.peek());
        }
        System.out.println(verdicts);
    }

    private static final Duration TOKEN_REFRESH = Duration.ofMinutes(5);

    /** One round of a host and a guest: a meeting made, both join, profile read, history exported, both leave. */
    private static void cycle(Client app, Person host, Person guest, AtomicLong requests, ConcurrentLinkedQueue<String> errors) {
        Answer created = check(app.post("/api/v1/meetings", host.token(), Map.of("topic", "耐久", "kind", "INSTANT")), 201,
                requests, errors);
        if (created == null) {
            return;
        }
        String id = created.json().get("id").asText();
        String number = created.json().get("number").asText();
        for (Person p : List.of(host, guest)) {
            check(app.post("/api/v1/meetings/join", p.token(), Map.of("number", number)), 200, requests, errors);
            check(app.get("/api/v1/accounts/me", p.token()), 200, requests, errors);
        }
        check(app.get("/api/v1/meetings/history/export?from=" + LocalDate.now().minusDays(1) + "&to="
                + LocalDate.now().plusDays(1), host.token()), 200, requests, errors);
        for (Person p : List.of(guest, host)) {
            Answer left = app.post("/api/v1/meetings/" + id + "/leave", p.token(), Map.of());
            requests.incrementAndGet();
            if (left.status() >= 300) {
                errors.add(left.method() + " " + left.path() + " " + left.status() + ": " + left.body());
            }
        }
        check(app.post("/api/v1/meetings/" + id + "/end", host.token(), Map.of()), -1, requests, errors);
    }

    private static Answer check(Answer answer, int expected, AtomicLong requests, ConcurrentLinkedQueue<String> errors) {
        requests.incrementAndGet();
        boolean ok = expected < 0 ? answer.status() < 500 : answer.status() == expected;
        if (!ok) {
            errors.add(answer.method() + " " + answer.path().replaceAll("[0-9a-f-]{36}", "{id}") + " " + answer.status()
                    + ": " + answer.body());
            return null;
        }
        return answer;
    }

    /** The process of a service this JVM started: the only descendant whose command line names its module. */
    private static long pidOf(ServiceProcess service) {
        List<Long> pids = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("/" + service.module() + "/")).map(ProcessHandle::pid)
                .toList();
        if (pids.size() != 1) {
            throw new IllegalStateException("expected one process of " + service.module() + ", found " + pids);
        }
        return pids.get(0);
    }

    private static Sample sample(HttpClient http, String module, ServiceProcess service, long pid)
            throws IOException, InterruptedException {
        Process gc = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        if (gc.waitFor() != 0) {
            throw new IllegalStateException("jcmd GC.run failed for " + module);
        }
        String metrics = http.send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double heap = 0;
        for (Matcher m = HEAP.matcher(metrics); m.find();) {
            heap += Double.parseDouble(m.group(1));
        }
        Matcher threads = THREADS.matcher(metrics);
        long threadCount = threads.find() ? (long) Double.parseDouble(threads.group(1)) : -1;
        long fds;
        try (var entries = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = entries.count();
        }
        return new Sample(Instant.now(), module, heap / 1_048_576, threadCount, fds);
    }

    private static String write(Duration duration, Duration interval, long requests, ConcurrentLinkedQueue<String> errors,
            List<Sample> samples) throws IOException {
        StringBuilder md = new StringBuilder("## soak: sustained load\n\nRun by `dev/bench --soak` at " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES) + ", " + Runtime.getRuntime().availableProcessors() + " cores. ").append(String.format(Locale.ROOT,
                "%s through the gateway by %d clients without pause (meetings created, joined and left by two people, "
                        + "`/me` read, history exported as CSV, meeting ended); chat is not built yet. Every %s each "
                        + "service collects its garbage (`jcmd GC.run`) and its heap (`jvm_memory_used_bytes`, area heap), "
                        + "live threads (`jvm_threads_live_threads`) and open file descriptors (`/proc/<pid>/fd`, sockets "
                        + "and database connections among them) are read. %d requests, **%d errors**.%n%n",
                duration, WORKERS, interval, requests, errors.size()));
        md.append("| service | heap after GC, first quarter MB | last quarter MB | change | threads first → last | "
                + "fds first → last | verdict |\n|---|---|---|---|---|---|---|\n");
        for (String module : SERVICES) {
            List<Sample> of = samples.stream().filter(s -> s.module().equals(module)).toList();
            int quarter = Math.max(1, of.size() / 4);
            double first = of.subList(0, quarter).stream().mapToDouble(Sample::heapMb).average().orElse(0);
            double last = of.subList(of.size() - quarter, of.size()).stream().mapToDouble(Sample::heapMb).average().orElse(0);
            double change = (last - first) / first * 100;
            Sample a = of.get(0);
            Sample z = of.get(of.size() - 1);
            long firstThreads = of.subList(0, quarter).stream().mapToLong(Sample::threads).max().orElse(0);
            long firstFds = of.subList(0, quarter).stream().mapToLong(Sample::fds).max().orElse(0);
            boolean flat = change <= 10 && z.threads() <= firstThreads + 2 && z.fds() <= firstFds + 5;
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %+.1f%% | %d → %d | %d → %d | %s |%n", module, first,
                    last, change, a.threads(), z.threads(), a.fds(), z.fds(), flat ? "flat" : "**GROWTH**"));
        }
        md.append(String.format(Locale.ROOT, "%n%d samples per service. Threads and descriptors: \"flat\" when the last is "
                + "at most the first quarter's highest plus 2 threads and 5 descriptors.%n", samples.size() / SERVICES.size()));
        errors.stream().distinct().limit(5).forEach(e -> md.append("\n- error: ").append(e.length() > 200 ? e.substring(0, 200) : e));
        md.append("\n\n");
        Path out = Path.of(System.getProperty("huiketang.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("soak.md"), md);
        return md.toString();
    }
}
