package io.huiketang.meeting.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.privacy.ErasureReceipt;
import io.huiketang.kit.privacy.SectionedPersonalData;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The person's telemetry in the service's answer to access and erasure requests (section "telemetry"). */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class TelemetryPersonalDataTest {

    @Inject
    SectionedPersonalData personalData;

    @Inject
    SensitiveFields sensitiveFields;

    @Test
    void exportShowsThePersonsReportsWithDeviceIdsAsHashesAndErasureDeletesThem() {
        UUID person = UUID.randomUUID();
        UUID someoneElse = UUID.randomUUID();
        Map<String, Object> device = new HashMap<>(TelemetryTest.device());
        device.put("imei", "359881234567890");
        device.put("mac", "A4:5E:60:C2:1B:7F");
        TelemetryTest.send(person, Map.of("reports", List.of(device, TelemetryTest.crash()))).statusCode(202);
        TelemetryTest.send(someoneElse, Map.of("reports", List.of(TelemetryTest.crash()))).statusCode(202);

        JsonNode telemetry = personalData.export(person.toString()).get("telemetry");
        assertEquals(2, telemetry.size());
        JsonNode exportedDevice = telemetry.findParents("kind").stream()
                .filter(r -> r.get("kind").asText().equals("DEVICE")).findFirst().orElseThrow();
        assertEquals("HUAWEI Mate 60 Pro", exportedDevice.get("deviceModel").asText());
        assertEquals("CN", exportedDevice.get("region").asText());
        assertEquals(sensitiveFields.lookupHash("359881234567890"), exportedDevice.get("imeiHash").asText());
        assertEquals(sensitiveFields.lookupHash("a45e60c21b7f"), exportedDevice.get("macHash").asText());
        assertFalse(exportedDevice.has("androidIdHash"), "an identifier not sent is not exported");
        assertFalse(telemetry.toString().contains("359881234567890"));

        ErasureReceipt receipt = QuarkusTransaction.requiringNew().call(() -> personalData.erase(person.toString()));
        assertEquals(2L, receipt.affected().get("telemetry_record"));

        assertEquals(0, personalData.export(person.toString()).get("telemetry").size());
        assertEquals(1, personalData.export(someoneElse.toString()).get("telemetry").size());
        // Erasing again finds nothing
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> personalData.erase(person.toString()))
                .affected().get("telemetry_record"));
        assertTrue(receipt.legalHolds().isEmpty());
    }
}
