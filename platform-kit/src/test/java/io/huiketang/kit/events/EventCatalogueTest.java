package io.huiketang.kit.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * docs/events.md is generated from the event schemas, so the catalogue cannot drift from what
 * services may publish. Regenerate: ./mvnw -pl platform-kit test -Dtest=EventCatalogueTest -Dhuiketang.docs.write=true
 */
class EventCatalogueTest {

    private static final Path SCHEMAS = Path.of("src/main/resources/" + EventSchemas.LOCATION);
    private static final Path CATALOGUE = Path.of("../docs/events.md");

    @Test
    void catalogueMatchesTheSchemas() throws IOException {
        String expected = catalogue();
        if (Boolean.getBoolean("huiketang.docs.write")) {
            Files.writeString(CATALOGUE, expected);
        }
        assertEquals(expected, Files.exists(CATALOGUE) ? Files.readString(CATALOGUE) : "",
                "docs/events.md is out of date: " + EventCatalogueTest.class.getSimpleName() + "'s comment says how to regenerate it");
    }

    @Test
    void everySchemaIsAClosedObjectWithATitle() throws IOException {
        for (Path file : schemaFiles()) {
            JsonNode schema = new ObjectMapper().readTree(file.toFile());
            assertTrue(schema.hasNonNull("title"), file + " has a title");
            assertEquals("object", schema.path("type").asText(), file + " describes an object");
            assertEquals(false, schema.path("additionalProperties").asBoolean(true),
                    file + " refuses unknown fields, so nothing unplanned (personal data) slips into an event");
        }
    }

    private static String catalogue() throws IOException {
        StringBuilder md = new StringBuilder("""
                # Events catalogue

                Generated from platform-kit's JSON Schemas (`platform-kit/src/main/resources/%s`) by
                `EventCatalogueTest`; do not edit by hand. Every event is a CloudEvents 1.0 structured JSON
                message, type `huiketang.<service>.<event>.v<n>`, source `/huiketang/<service>`, Kafka key =
                aggregate id. Topics: `account.events`, `meeting.events`, `recording.events` (each service's
                own events), `privacy.events` (requests opened by privacy-service), `privacy.replies` (data
                holders' answers and announcements), `audit.events` (staff reads of personal data, 180 days),
                `gateway.access-log` (the gateway's network log, 180 days). Events carry ids and states, never
                contact data.

                | type | what happened | required fields |
                |---|---|---|
                """.formatted(EventSchemas.LOCATION));
        for (Path file : schemaFiles()) {
            JsonNode schema = new ObjectMapper().readTree(file.toFile());
            List<String> required = new ArrayList<>();
            schema.path("required").forEach(field -> required.add("`" + field.asText() + "`"));
            String type = file.getFileName().toString().replaceFirst("\\.json$", "");
            md.append("| `").append(type).append("` | ").append(schema.path("title").asText().replace("|", "\\|"))
                    .append(" | ").append(String.join(", ", required)).append(" |\n");
        }
        return md.toString();
    }

    private static List<Path> schemaFiles() throws IOException {
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }
}
