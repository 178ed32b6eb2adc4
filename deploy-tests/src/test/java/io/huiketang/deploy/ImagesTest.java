package io.huiketang.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Each workload's image recipe (src/main/docker/Dockerfile.jvm, the Quarkus convention) is the one the
 * chart runs: the same ports, a non-root user, a pinned base image, the fast-jar layout, and JVM options
 * that follow the container's memory and keep temporary files on /tmp.
 */
class ImagesTest {

    static List<String> components() {
        return List.copyOf(Chart.COMPONENTS.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void theDockerfileMatchesTheChart(String component) throws Exception {
        String module = Chart.COMPONENTS.get(component);
        Path dockerfile = Chart.REPO.resolve(module).resolve("src/main/docker/Dockerfile.jvm");
        assertTrue(Files.exists(dockerfile), dockerfile + " missing");
        String text = Files.readString(dockerfile);
        JsonNode values = Chart.YAML.readTree(Chart.DIR.resolve("values.yaml").toFile()).path(component);

        Matcher from = Pattern.compile("(?m)^FROM (\\S+)$").matcher(text);
        assertTrue(from.find(), "a base image");
        assertTrue(from.group(1).matches("[^:]+:[0-9][0-9.]*"), "base image pinned to a version: " + from.group(1));
        assertTrue(text.contains("\nUSER 185\n"), "runs as uid 185");
        assertFalse(Pattern.compile("(?m)^USER (root|0)\\b").matcher(text).find(), "never root");
        assertTrue(text.contains("EXPOSE " + values.path("port").asInt() + " " + values.path("managementPort").asInt()),
                "exposes the chart's ports");
        assertTrue(text.contains("target/quarkus-app/lib/") && text.contains("quarkus-run.jar"), "fast-jar layout");
        assertTrue(text.contains("-XX:MaxRAMPercentage=") && text.contains("-Djava.io.tmpdir=/tmp"), "JVM options");
        assertEquals(module, values.path("image").path("repository").asText(), "the chart runs this module's image");
    }
}
