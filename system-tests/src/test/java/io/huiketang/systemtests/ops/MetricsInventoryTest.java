package io.huiketang.systemtests.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.huiketang.kit.testing.ServiceProcess;
import io.huiketang.systemtests.platform.Platform;

/**
 * Every metric name the dashboards and alerts of k8s/ use (k8s/metrics-inventory.txt) is exported on
 * /q/metrics by each service the inventory names, scraped from the running platform: a dashboard or
 * alert on a metric nobody exports fails here. A service the platform of this run does not start is
 * reported as skipped, not passed.
 */
class MetricsInventoryTest {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    private final Platform platform = Platform.get();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestFactory
    List<DynamicTest> everyServiceExportsTheMetricsTheDashboardsAndAlertsUse() throws Exception {
        Map<String, Set<String>> expected = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("huiketang.repo.root", ".."), "k8s/metrics-inventory.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.strip().split("\\s+");
            for (String service : fields[1].split(",")) {
                if (!service.equals("prometheus")) {
                    expected.computeIfAbsent(service, s -> new TreeSet<>()).add(fields[0]);
                }
            }
        }
        assertTrue(expected.size() >= 6, "the gateway and the five services: " + expected.keySet());
        // One request through the gateway to every service: the HTTP server's series exist once a request was timed
        platform.client().get("/api/v1/accounts/me", null);
        List<DynamicTest> tests = new ArrayList<>();
        expected.forEach((module, names) -> tests.add(DynamicTest.dynamicTest(module, () -> {
            ServiceProcess service = platform.service(module);
            Assumptions.assumeTrue(service != null, module + " is not started by this run's platform");
            send(service.baseUrl() + "/api/v1/metrics-inventory-probe");
            String scrape = send(service.managementUrl() + "/q/metrics");
            Set<String> exported = new TreeSet<>();
            Matcher m = SAMPLE.matcher(scrape);
            while (m.find()) {
                exported.add(m.group(1));
            }
            Set<String> missing = new TreeSet<>(names);
            missing.removeAll(exported);
            assertEquals(Set.of(), missing, module + " does not export what k8s/ dashboards and alerts use");
        })));
        return tests;
    }

    private String send(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
