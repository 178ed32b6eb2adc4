package io.huiketang.meeting.telemetry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** POST /api/v1/meetings/telemetry: what a client may report, and everything it may not. */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class TelemetryTest {

    // The API description is on the management interface (platform-kit), not the public port
    @io.quarkus.test.common.http.TestHTTPResource(value = "openapi", management = true)
    java.net.URL openapi;

    static final String PATH = "/api/v1/meetings/telemetry";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SensitiveFields sensitiveFields;

    @Test
    void eachKindIsAcceptedAndStoredWithAccountReceiptAndRegion() throws Exception {
        UUID person = UUID.randomUUID();
        UUID meeting = UUID.randomUUID();
        List<Map<String, Object>> reports = List.of(quality(meeting), device(), crash(), traffic(), operation());

        send(person, Map.of("reports", reports)).statusCode(202).contentType(ContentType.JSON)
                .body("accepted", equalTo(5));

        List<Map<String, String>> rows = rows("SELECT * FROM telemetry_record WHERE account_id = ? ORDER BY kind",
                person);
        assertEquals(List.of("CRASH", "DEVICE", "OPERATION", "QUALITY", "TRAFFIC"),
                rows.stream().map(r -> r.get("kind")).toList());
        rows.forEach(r -> assertEquals("CN", r.get("region")));
        rows.forEach(r -> assertTrue(r.get("received_at") != null));
        Map<String, String> crash = rows.get(0);
        assertEquals("3.2.1", crash.get("app_version"));
        assertEquals("9f86d081884c7d65", crash.get("crash_signature"));
        assertEquals("NullPointerException in AudioRouter", crash.get("crash_message"));
        Map<String, String> device = rows.get(1);
        assertEquals("HUAWEI Mate 60 Pro", device.get("device_model"));
        assertEquals("HarmonyOS", device.get("os_name"));
        assertEquals("WIFI", device.get("network_type"));
        Map<String, String> operation = rows.get(2);
        assertEquals("meeting.join", operation.get("action"));
        assertEquals("FAILURE", operation.get("result"));
        assertEquals("PASSCODE_WRONG", operation.get("error_code"));
        Map<String, String> quality = rows.get(3);
        assertEquals(meeting.toString(), quality.get("meeting_id"));
        assertEquals("2.5", quality.get("packet_loss_percent"));
        assertEquals("35", quality.get("jitter_ms"));
        assertEquals("80", quality.get("audio_volume"));
        Map<String, String> traffic = rows.get(4);
        assertEquals("1048576", traffic.get("bytes_sent"));
        assertEquals("2097152", traffic.get("bytes_received"));
    }

    @Test
    void rawDeviceIdentifiersAreNeverStoredOnlyTheirKeyedHashes() throws Exception {
        UUID person = UUID.randomUUID();
        Map<String, Object> device = new HashMap<>(device());
        device.put("imei", "359881234567890");
        device.put("mac", "A4:5E:60:C2:1B:7F");
        device.put("androidId", "9774D56D682E549C");

        send(person, Map.of("reports", List.of(device))).statusCode(202);

        // Every column of the row as text: no form of any identifier appears anywhere in it
        String row = rows("SELECT row_to_json(t)::text AS row FROM telemetry_record t WHERE account_id = ?", person)
                .get(0).get("row").toLowerCase();
        for (String raw : List.of("359881234567890", "a4:5e:60:c2:1b:7f", "a45e60c21b7f", "a4-5e-60-c2-1b-7f",
                "9774d56d682e549c")) {
            assertFalse(row.contains(raw), "the stored row contains " + raw + ": " + row);
        }
        Map<String, String> stored = rows("SELECT imei_hash, mac_hash, android_id_hash FROM telemetry_record "
                + "WHERE account_id = ?", person).get(0);
        assertEquals(sensitiveFields.lookupHash("359881234567890"), stored.get("imei_hash"));
        assertEquals(sensitiveFields.lookupHash("a45e60c21b7f"), stored.get("mac_hash"));
        assertEquals(sensitiveFields.lookupHash("9774d56d682e549c"), stored.get("android_id_hash"));
    }

    @Test
    void oneMacWrittenThreeWaysHashesTheSame() throws Exception {
        UUID person = UUID.randomUUID();
        List<Map<String, Object>> reports = new ArrayList<>();
        for (String mac : List.of("A4:5E:60:C2:1B:7F", "a4-5e-60-c2-1b-7f", "a45e60c21b7f")) {
            Map<String, Object> device = new HashMap<>(device());
            device.put("mac", mac);
            reports.add(device);
        }
        send(person, Map.of("reports", reports)).statusCode(202).body("accepted", equalTo(3));

        List<Map<String, String>> hashes = rows("SELECT DISTINCT mac_hash FROM telemetry_record WHERE account_id = ?",
                person);
        assertEquals(1, hashes.size());
    }

    @Test
    void anUnknownFieldIsRefusedAndNamedAndNothingIsStored() throws Exception {
        UUID person = UUID.randomUUID();
        Map<String, Object> withTranscript = new HashMap<>(quality(null));
        withTranscript.put("transcript", "我们下周三签合同");

        problem(send(person, Map.of("reports", List.of(device(), withTranscript))), 400)
                .body("errors[0].field", equalTo("reports[1].transcript"))
                .body("detail", containsString("reports[1].transcript"));
        assertEquals(0, rows("SELECT id FROM telemetry_record WHERE account_id = ?", person).size());
    }

    @Test
    void anUnknownFieldBesideTheReportsIsRefused() {
        problem(send(UUID.randomUUID(), Map.of("reports", List.of(crash()), "audioRecording", "AAAA")), 400)
                .body("errors[0].field", equalTo("audioRecording"));
    }

    @Test
    void anUnknownKindIsRefused() {
        Map<String, Object> unknown = new HashMap<>(crash());
        unknown.put("kind", "SCREENSHOT");
        problem(send(UUID.randomUUID(), Map.of("reports", List.of(unknown))), 400)
                .body("errors[0].field", equalTo("reports[0]"));
    }

    @Test
    void aValueOutOfRangeIsRefusedAndNamed() {
        Map<String, Object> quality = new HashMap<>(quality(null));
        quality.put("packetLossPercent", 150.0);
        problem(send(UUID.randomUUID(), Map.of("reports", List.of(quality))), 400)
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("reports[0].packetLossPercent"));
    }

    @Test
    void aMalformedDeviceIdentifierIsRefusedAndNamed() {
        Map<String, Object> device = new HashMap<>(device());
        device.put("imei", "not an imei");
        problem(send(UUID.randomUUID(), Map.of("reports", List.of(device))), 400)
                .body("errors[0].field", equalTo("reports[0].imei"));
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        Map<String, Object> operation = new HashMap<>(operation());
        operation.remove("result");
        problem(send(UUID.randomUUID(), Map.of("reports", List.of(operation))), 400)
                .body("errors[0].field", equalTo("reports[0].result"));
    }

    @Test
    void anActionOutsideTheVocabularyPatternIsRefused() {
        Map<String, Object> operation = new HashMap<>(operation());
        operation.put("action", "typed: hello Bob");
        problem(send(UUID.randomUUID(), Map.of("reports", List.of(operation))), 400)
                .body("errors[0].field", equalTo("reports[0].action"));
    }

    @Test
    void aReportFromTheFutureOrPastItsRetentionIsRefused() {
        Map<String, Object> future = new HashMap<>(crash());
        future.put("occurredAt", Instant.now().plus(2, ChronoUnit.DAYS).toString());
        problem(send(UUID.randomUUID(), Map.of("reports", List.of(future))), 400)
                .body("errors[0].field", equalTo("reports[0].occurredAt"));

        Map<String, Object> ancient = new HashMap<>(quality(null));
        ancient.put("occurredAt", Instant.now().minus(31, ChronoUnit.DAYS).toString());
        problem(send(UUID.randomUUID(), Map.of("reports", List.of(crash(), ancient))), 400)
                .body("errors[0].field", equalTo("reports[1].occurredAt"));
    }

    @Test
    void aTrafficPeriodMustEndAfterItStarts() {
        Map<String, Object> traffic = new HashMap<>(traffic());
        traffic.put("periodStart", traffic.get("periodEnd"));
        problem(send(UUID.randomUUID(), Map.of("reports", List.of(traffic))), 400)
                .body("errors[0].field", equalTo("reports[0].periodStart"));
    }

    @Test
    void aMalformedTimeIsRefusedAndNamed() {
        Map<String, Object> crash = new HashMap<>(crash());
        crash.put("occurredAt", "yesterday");
        problem(send(UUID.randomUUID(), Map.of("reports", List.of(crash))), 400)
                .body("errors[0].field", equalTo("reports[0].occurredAt"));
    }

    @Test
    void anEmptyOrMissingBatchIsRefused() {
        problem(send(UUID.randomUUID(), Map.of("reports", List.of())), 400).body("errors[0].field", equalTo("reports"));
        problem(send(UUID.randomUUID(), Map.of()), 400).body("errors[0].field", equalTo("reports"));
    }

    @Test
    void aBatchOfMoreThanAHundredReportsIsRefused() {
        List<Map<String, Object>> reports = Collections.nCopies(TelemetryBatch.MAX_REPORTS + 1, operation());
        problem(send(UUID.randomUUID(), Map.of("reports", reports)), 400).body("errors[0].field", equalTo("reports"));
    }

    @Test
    void aHundredReportsAreAccepted() {
        List<Map<String, Object>> reports = Collections.nCopies(TelemetryBatch.MAX_REPORTS, operation());
        send(UUID.randomUUID(), Map.of("reports", reports)).statusCode(202).body("accepted", equalTo(100));
    }

    @Test
    void aBodyLargerThanTheLimitIsRefusedWith413() {
        String padding = " ".repeat(64 * 1024);
        String body = "{\"reports\": [" + padding + "]}";
        problem(given().header("Authorization", "Bearer " + TestTokens.person(UUID.randomUUID()))
                .contentType(ContentType.JSON).body(body).when().post(PATH).then(), 413)
                .body("instance", equalTo(PATH));
    }

    @Test
    void malformedJsonIsRefused() {
        problem(given().header("Authorization", "Bearer " + TestTokens.person(UUID.randomUUID()))
                .contentType(ContentType.JSON).body("{\"reports\": [").when().post(PATH).then(), 400);
    }

    @Test
    void withoutATokenNothingIsAccepted() {
        problem(given().contentType(ContentType.JSON).body(Map.of("reports", List.of(crash())))
                .when().post(PATH).then(), 401);
    }

    @Test
    void aChildAwaitingGuardianConsentCannotReport() throws Exception {
        UUID child = UUID.randomUUID();
        problem(given().header("Authorization", "Bearer " + TestTokens.childAwaitingConsent(child))
                .contentType(ContentType.JSON).body(Map.of("reports", List.of(crash())))
                .when().post(PATH).then(), 403);
        assertEquals(0, rows("SELECT id FROM telemetry_record WHERE account_id = ?", child).size());
    }

    @Test
    void theEndpointIsDescribedWithEveryResponse() {
        given().queryParam("format", "json").when().get(openapi).then().statusCode(200)
                .body("paths.'" + PATH + "'.post.responses.keySet()", hasItems("202", "400", "401", "403", "413"))
                .body("paths.'" + PATH + "'.post.requestBody.content.'application/json'.schema.$ref",
                        endsWith("TelemetryBatch"))
                .body("components.schemas.QualityReport.properties.packetLossPercent.maximum", equalTo(100));
    }

    // --- reports of each kind, valid as they are

    static Map<String, Object> quality(UUID meetingId) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("kind", "QUALITY");
        report.put("occurredAt", minutesAgo(5));
        if (meetingId != null) {
            report.put("meetingId", meetingId.toString());
        }
        report.put("audioVolume", 80);
        report.put("videoVolume", 60);
        report.put("packetLossPercent", 2.5);
        report.put("jitterMs", 35);
        report.put("bitrateKbps", 1200);
        return report;
    }

    static Map<String, Object> device() {
        return Map.of("kind", "DEVICE", "occurredAt", minutesAgo(10), "deviceModel", "HUAWEI Mate 60 Pro",
                "osName", "HarmonyOS", "osVersion", "4.2.0", "networkType", "WIFI", "appVersion", "3.2.1");
    }

    static Map<String, Object> crash() {
        return Map.of("kind", "CRASH", "occurredAt", minutesAgo(30), "appVersion", "3.2.1",
                "signature", "9F86D081884C7D65", "message", "NullPointerException in AudioRouter");
    }

    static Map<String, Object> traffic() {
        return Map.of("kind", "TRAFFIC", "periodStart", minutesAgo(60), "periodEnd", minutesAgo(1),
                "bytesSent", 1_048_576, "bytesReceived", 2_097_152);
    }

    static Map<String, Object> operation() {
        return Map.of("kind", "OPERATION", "occurredAt", minutesAgo(2), "action", "meeting.join",
                "result", "FAILURE", "errorCode", "PASSCODE_WRONG");
    }

    static String minutesAgo(long minutes) {
        return Instant.now().minus(minutes, ChronoUnit.MINUTES).toString();
    }

    static ValidatableResponse send(UUID person, Object body) {
        return given().header("Authorization", "Bearer " + TestTokens.person(person)).contentType(ContentType.JSON)
                .body(body).when().post(PATH).then();
    }

    static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
    }

    List<Map<String, String>> rows(String sql, UUID accountId) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement =
                connection.prepareStatement(sql)) {
            statement.setObject(1, accountId);
            List<Map<String, String>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> row = new HashMap<>();
                    for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                        row.put(rs.getMetaData().getColumnName(c), rs.getString(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
