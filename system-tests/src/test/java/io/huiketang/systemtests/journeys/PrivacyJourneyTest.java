package io.huiketang.systemtests.journeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;

import io.huiketang.kit.claimcheck.ClaimChecks;
import io.huiketang.kit.testing.SmsOutbox;
import io.huiketang.kit.testing.StaffTokens;
import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * The rights of the policy's "您的权利" through the gateway only, across account-, meeting- and privacy-service:
 * a cancellation erased in every service with a receipt anyone verifies offline, and a copy of one's data as one
 * archive whose manifest matches what each service holds.
 */
class PrivacyJourneyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);
    private final Client app = Platform.get().client();

    @Test
    void staffWorkThroughTheGatewayWithStaffTokensThatNoOtherRouteAccepts() {
        String operator = StaffTokens.operator();
        JsonNode open = app.get("/api/v1/privacy/operator/requests?due=open", operator).expect(200);
        assertTrue(open.isArray() || open.isObject(), open.toString());
        // A staff member without the operator role passes the gateway; privacy-service refuses them
        app.get("/api/v1/privacy/operator/requests?due=open", StaffTokens.none()).expectProblem(403);
        // A staff token is no platform token: refused by the gateway on every route that does not serve staff
        for (String path : new String[] { "/api/v1/accounts/me", "/api/v1/meetings/history?from=2026-01-01&to=2026-01-31" }) {
            app.get(path, operator).expectProblem(401);
        }
    }

    @Test
    void aCancellationIsErasedInEveryServiceAndReceiptedWithAVerifiableSignature() throws Exception {
        Person person = app.registerAdult("韩梅梅");
        String meeting = meetingWithAttendance(person);
        app.put("/api/v1/privacy/consents/marketing-sms", person.token(), Map.of("granted", true, "channel", "APP"))
                .expect(200);

        app.post("/api/v1/accounts/me/cancellation/codes", person.token(), Map.of()).expect(202);
        String code = SmsOutbox.lastCodeSentTo(Platform.get().smsOutbox(), person.phone());
        JsonNode cancelled = app.post("/api/v1/accounts/me/cancellation", person.token(), Map.of("code", code))
                .expect(202);
        String erasure = cancelled.get("erasureRequestId").asText();

        // The receipt appears once every service erased and a re-check found nothing erasable left
        JsonNode receipt = awaitOk("/api/v1/privacy/receipts/" + erasure);
        JWSObject jws = JWSObject.parse(receipt.get("jws").asText());
        String jwks = app.get("/api/v1/privacy/receipt-keys", null).expect(200).toString();
        ECKey key = JWKSet.parse(jwks).getKeyByKeyId(jws.getHeader().getKeyID()).toECKey();
        assertTrue(jws.verify(new ECDSAVerifier(key)), "the receipt verifies offline against the published key");
        JsonNode claims = JSON.readTree(jws.getPayload().toString());
        assertEquals(person.accountId(), claims.get("sub").asText());
        assertEquals(erasure, claims.get("jti").asText());
        assertEquals(Platform.get().gatewayUrl(), claims.get("iss").asText(), "the public URL, never an internal one");
        Set<String> holders = new TreeSet<>();
        for (JsonNode holder : claims.get("holders")) {
            holders.add(holder.get("service").asText());
            assertEquals(0, holder.get("remaining").size(), holder.toString());
        }
        assertEquals(Set.of("account-service", "meeting-service", "recording-service", "privacy-service"), holders);
        // The network log is kept for its legal minimum, and the receipt says so
        assertTrue(claims.toString().contains("connection_log"), claims.toString());

        // Nothing that names the person is left: account-service's row is anonymised, the attendance is anonymous
        try (Connection account = Platform.connect("account");
                PreparedStatement select = account.prepareStatement(
                        "SELECT phone_cipher, phone_hash, display_name FROM account WHERE id = ?::uuid")) {
            select.setString(1, person.accountId());
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    assertEquals(null, rs.getString(1));
                    assertEquals(null, rs.getString(2));
                    assertTrue(!"韩梅梅".equals(rs.getString(3)));
                }
            }
        }
        try (Connection meetings = Platform.connect("meeting");
                PreparedStatement select = meetings.prepareStatement(
                        "SELECT count(*) FROM attendance_session WHERE account_id = ?::uuid")) {
            select.setString(1, person.accountId());
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getLong(1), "no attendance of meeting " + meeting + " names the person");
            }
        }
    }

    @Test
    void aCopyOfOnesDataIsOneArchiveWhoseManifestMatchesEveryService() throws Exception {
        Person person = app.registerAdult("李华");
        meetingWithAttendance(person);
        JsonNode opened = app.post("/api/v1/privacy/requests", person.token(), Map.of("kind", "ACCESS")).expect(201);
        String id = opened.get("id").asText();
        Instant deadline = Instant.now().plus(WAIT);
        while (!"COMPLETED".equals(app.get("/api/v1/privacy/requests/" + id, person.token()).expect(200)
                .get("status").asText())) {
            assertTrue(Instant.now().isBefore(deadline), "every holder answers");
            Thread.sleep(300);
        }
        // The first download needs a fresh one-time code: account-service's step-up
        app.get("/api/v1/privacy/requests/" + id + "/archive", person.token()).expectProblem(401);
        app.post("/api/v1/accounts/verification-codes", person.token(), Map.of("purpose", "STEP_UP")).expect(202);
        String code = SmsOutbox.lastCodeSentTo(Platform.get().smsOutbox(), person.phone());
        String stepUp = app.post("/api/v1/accounts/me/step-up", person.token(), Map.of("code", code)).expect(200)
                .get("accessToken").asText();
        HttpResponse<byte[]> zip = app.http().send(app.request("/api/v1/privacy/requests/" + id
                + "/archive", stepUp).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, zip.statusCode(), new String(zip.body()));
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        JsonNode manifest = JSON.readTree(entries.get("manifest.json"));
        assertEquals(person.accountId(), manifest.get("subject").asText());
        for (JsonNode file : manifest.get("files")) {
            byte[] content = entries.get(file.get("name").asText());
            assertEquals(file.get("sha256").asText(), ClaimChecks.sha256(content), file.toString());
        }
        JsonNode account = JSON.readTree(entries.get("account-service.json"));
        assertEquals(person.phone(), account.get("account").get("phone").asText());
        String meetings = new String(entries.get("meeting-service.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(meetings.contains("隐私之旅"), meetings);
        assertTrue(entries.containsKey("privacy-service.json"));
    }

    private String meetingWithAttendance(Person person) throws InterruptedException {
        JsonNode meeting = app.post("/api/v1/meetings", person.token(),
                Map.of("topic", "隐私之旅", "kind", "INSTANT", "passcode", "135790")).expect(201);
        String id = meeting.get("id").asText();
        app.post("/api/v1/meetings/join", person.token(),
                Map.of("number", meeting.get("number").asText(), "passcode", "135790")).expect(200);
        app.post("/api/v1/meetings/" + id + "/leave", person.token(), Map.of()).expect(204);
        return id;
    }

    private JsonNode awaitOk(String path) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            Answer answer = app.get(path, null);
            if (answer.status() == 200) {
                return answer.json();
            }
            assertTrue(Instant.now().isBefore(deadline), path + " answers 200 in time; last " + answer.status()
                    + " " + answer.body());
            Thread.sleep(500);
        }
    }
}
