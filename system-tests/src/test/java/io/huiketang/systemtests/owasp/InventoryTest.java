package io.huiketang.systemtests.owasp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.testing.ServiceProcess;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Platform;

/**
 * OWASP API9:2023, improper inventory management: the routes the gateway is configured with and the
 * merged API description it publishes are the same inventory. Every documented path is routed, and
 * every route is documented (or its service is named as missing from the document, when it is not
 * running); what the document calls public is exactly what the gateway lets through without a token.
 */
class InventoryTest {

    private final Client app = Platform.get().client();

    /** Route name → its path patterns, and the upstream titles, from the gateway's own configuration. */
    private record Routes(Map<String, List<String>> patterns, Map<String, String> upstreamTitles,
            Map<String, String> routeUpstreams) {
    }

    private static Routes gatewayRoutes() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(
                ServiceProcess.repoRoot().resolve("gateway/src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        Map<String, String> upstreams = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(key).trim();
            if (key.startsWith("%")) {
                continue;
            }
            String[] parts = key.split("\\.");
            if (key.startsWith("huiketang.gateway.routing.routes.") && key.endsWith(".paths")) {
                patterns.put(parts[4], Arrays.stream(value.split(",")).map(String::trim).toList());
            } else if (key.startsWith("huiketang.gateway.routing.routes.") && key.endsWith(".upstream")) {
                upstreams.put(parts[4], value);
            } else if (key.startsWith("huiketang.gateway.routing.upstreams.") && key.endsWith(".title")) {
                titles.put(parts[4], value);
            }
        }
        return new Routes(patterns, titles, upstreams);
    }

    static boolean matches(String pattern, String path) {
        boolean open = pattern.endsWith("/**");
        List<String> expected = segments(open ? pattern.substring(0, pattern.length() - 3) : pattern);
        List<String> actual = segments(path);
        if (actual.size() < expected.size() || (!open && actual.size() != expected.size())) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals("*") && !expected.get(i).equals(actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void everyDocumentedPathIsRoutedAndEveryRouteIsDocumented() throws IOException {
        Routes routes = gatewayRoutes();
        assertTrue(routes.patterns().size() >= 7, "the gateway's routes were read: " + routes.patterns().keySet());
        JsonNode document = app.get("/api/openapi", null).expect(200);
        List<String> documented = new ArrayList<>();
        document.get("paths").fieldNames().forEachRemaining(documented::add);
        Set<String> missingServices = new TreeSet<>();
        document.get("x-huiketang-missing").forEach(m -> missingServices.add(m.get("service").asText()));

        List<String> unrouted = documented.stream().filter(path -> routes.patterns().values().stream()
                .flatMap(List::stream).noneMatch(pattern -> matches(pattern, path))).toList();
        assertEquals(List.of(), unrouted, "documented but not routed by the gateway");

        List<String> undocumented = new ArrayList<>();
        routes.patterns().forEach((route, patterns) -> {
            String title = routes.upstreamTitles().get(routes.routeUpstreams().get(route));
            if (missingServices.contains(title)) {
                return; // its service is not running: the document says so
            }
            for (String pattern : patterns) {
                if (documented.stream().noneMatch(path -> matches(pattern, path))) {
                    undocumented.add(route + " " + pattern);
                }
            }
        });
        assertEquals(List.of(), undocumented, "routed by the gateway but not in its API description");
    }

    @Test
    void whatTheDocumentCallsPublicIsWhatTheGatewayLetsThrough() {
        JsonNode document = app.get("/api/openapi", null).expect(200);
        List<String> wrong = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode get = path.getValue().get("get");
            if (get == null || path.getKey().contains("{")) {
                continue; // only calls that need no made-up id
            }
            boolean documentedPublic = get.path("security").isArray() && get.path("security").isEmpty();
            int status = app.get(path.getKey(), null).status();
            if (documentedPublic == (status == 401)) {
                wrong.add("GET " + path.getKey() + ": documented " + (documentedPublic ? "public" : "with a token")
                        + ", answered " + status + " without one");
            }
        }
        assertEquals(List.of(), wrong);
    }
}
