package io.huiketang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * k8s/metrics-inventory.txt lists exactly the metric names the dashboards and alerts use (the system
 * test ops.MetricsInventoryTest then checks the running services export them), and every dashboard is
 * a well-formed Grafana dashboard on the data-source variable.
 */
class MetricsInventoryTest {

    static final Pattern METRIC = Pattern.compile(
            "\\b(up|huiketang_[a-z_]+|http_server_[a-z_]+|jvm_[a-z_]+|process_[a-z_]+|gateway_[a-z_]+)\\b");

    /** name -> the services that must export it, from k8s/metrics-inventory.txt. */
    static Map<String, Set<String>> inventory() {
        Map<String, Set<String>> names = new TreeMap<>();
        for (String line : Chart.read(Chart.REPO.resolve("k8s/metrics-inventory.txt")).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.strip().split("\\s+");
            names.put(fields[0], new TreeSet<>(Set.of(fields[1].split(","))));
        }
        return names;
    }

    @Test
    void theInventoryIsWhatTheDashboardsAndAlertsUse() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> dashboards = Files.list(Chart.DIR.resolve("dashboards"))) {
            for (Path dashboard : dashboards.toList()) {
                JsonNode json = Chart.JSON.readTree(dashboard.toFile());
                json.path("panels").forEach(panel -> panel.path("targets").forEach(target ->
                        collect(target.path("expr").asText(), used)));
            }
        }
        collect(Chart.read(Chart.DIR.resolve("templates/prometheusrule.yaml")), used);
        used.removeIf(name -> name.equals("huiketang_") || name.startsWith("huiketang_fullname"));
        assertEquals(used, inventory().keySet());
    }

    @Test
    void everyDashboardIsOneGrafanaDashboardOnTheDataSourceVariable() throws IOException {
        Set<String> uids = new TreeSet<>();
        try (Stream<Path> dashboards = Files.list(Chart.DIR.resolve("dashboards"))) {
            for (Path dashboard : dashboards.toList()) {
                JsonNode json = Chart.JSON.readTree(dashboard.toFile());
                assertTrue(uids.add(json.path("uid").asText()), "unique uid " + dashboard);
                assertTrue(json.path("title").asText().startsWith("Huiketang / "), dashboard.toString());
                assertEquals("datasource", json.path("templating").path("list").get(0).path("name").asText());
                assertTrue(json.path("panels").size() >= 5, dashboard + " has panels");
                Set<Integer> ids = new TreeSet<>();
                json.path("panels").forEach(panel -> {
                    assertTrue(ids.add(panel.path("id").asInt()), dashboard + ": panel ids unique");
                    assertEquals("${datasource}", panel.path("datasource").path("uid").asText());
                    assertTrue(panel.path("targets").size() > 0, dashboard + ": " + panel.path("title"));
                });
            }
        }
        assertEquals(Chart.COMPONENTS.size() + 1, uids.size(), "the overview and one per workload");
    }

    private static void collect(String text, Set<String> names) {
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
    }
}
