package io.huiketang.kit.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class EventEnvelopeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void structuredCloudEventRoundTrips() throws Exception {
        UUID id = UUID.randomUUID();
        OffsetDateTime time = OffsetDateTime.of(2026, 11, 29, 8, 0, 0, 0, ZoneOffset.UTC);
        ObjectNode data = JSON.createObjectNode().put("requestId", "r-1").put("subjectId", "s-1").put("kind", "ACCESS");

        String json = EventEnvelope.toJson(id, EventEnvelope.sourceOf("privacy-service"),
                "huiketang.privacy.request-opened.v2", "r-1", time, data);

        var envelope = JSON.readTree(json);
        assertEquals("1.0", envelope.get("specversion").asText());
        assertEquals("application/json", envelope.get("datacontenttype").asText());
        assertEquals("r-1", envelope.get("data").get("requestId").asText(), "data is inline JSON, not base64");
        ConsumedEvent parsed = ConsumedEvent.parse("privacy.events", "r-1", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(id.toString(), parsed.id());
        assertEquals("/huiketang/privacy-service", parsed.source());
        assertEquals("huiketang.privacy.request-opened.v2", parsed.type());
        assertEquals(time.toInstant(), parsed.time().toInstant());
        assertEquals(data, parsed.data());
    }

    @Test
    void anythingElseIsUnreadable() {
        assertThrows(ConsumedEvent.UnreadableEventException.class,
                () -> ConsumedEvent.parse("t", "k", "{\"hello\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(ConsumedEvent.UnreadableEventException.class,
                () -> ConsumedEvent.parse("t", "k", new byte[] { 1, 2, 3 }));
        assertThrows(ConsumedEvent.UnreadableEventException.class, () -> ConsumedEvent.parse("t", "k", null));
    }

    @Test
    void schemaViolationsNameWhatIsWrong() {
        ObjectNode data = JSON.createObjectNode().put("requestId", "r-1").put("kind", "DELETE")
                .put("openedAt", "2026-11-29T08:00:00Z");
        data.putArray("holders");
        var violations = EventSchemas.violations("huiketang.privacy.request-opened.v2", data);
        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("subjectId")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("kind")), violations.toString());
    }

    @Test
    void everyPlatformEventTypeHasASchema() {
        for (String type : new String[] { "huiketang.privacy.request-opened.v2",
                "huiketang.privacy.request-answered.v2", "huiketang.privacy.data-holder-announced.v1",
                "huiketang.audit.personal-data-accessed.v1" }) {
            assertTrue(EventSchemas.exists(type), type);
        }
    }
}
