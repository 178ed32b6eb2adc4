package io.huiketang.systemtests.owasp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Platform;

/**
 * OWASP API4:2023 Unrestricted Resource Consumption, through the gateway: SMS codes cost money
 * (SMS pumping) and reach a person, so they stop at the number's daily cap and at the device's
 * hourly limit, each refusal a 429 problem with Retry-After. (Every client here is 127.0.0.1, so
 * the per-address limit is raised by the platform; account-service's tests prove that one.)
 */
class UnrestrictedResourceConsumptionTest {

    private final Client app = Platform.get().client();

    @Test
    void smsPumpingToOneNumberStopsAtItsDailyCap() throws InterruptedException {
        String phone = Client.newPhone();
        int sent = 0;
        for (int attempt = 0; attempt < 60 && sent < 10; attempt++) {
            Answer answer = requestCode(phone, UUID.randomUUID().toString());
            if (answer.status() == 202) {
                sent++;
            } else {
                answer.expectProblem(429);
                Thread.sleep(1_000L * Long.parseLong(answer.header("Retry-After")));
            }
        }
        assertEquals(10, sent);
        Thread.sleep(1_100); // the resend pause (1 s here) is over: what refuses now is the daily cap
        Answer refused = requestCode(phone, UUID.randomUUID().toString());
        JsonNode problem = refused.expectProblem(429);
        assertEquals("Too many codes requested for this number today.", problem.get("detail").asText());
        assertNotNull(refused.header("Retry-After"));
    }

    @Test
    void oneDeviceGetsTenCodesAnHourWhicheverNumbersItAsksFor() {
        String device = UUID.randomUUID().toString();
        for (int i = 0; i < 10; i++) {
            requestCode(Client.newPhone(), device).expect(202);
        }
        Answer refused = requestCode(Client.newPhone(), device);
        assertEquals("Too many codes requested from this device.", refused.expectProblem(429).get("detail").asText());
        assertNotNull(refused.header("Retry-After"));
        assertEquals("deviceId", requestCode(Client.newPhone(), "not a device id").expectProblem(400)
                .at("/errors/0/field").asText());
    }

    Answer requestCode(String phone, String deviceId) {
        Map<String, Object> body = new HashMap<>(Map.of("phone", phone));
        body.put("deviceId", deviceId);
        return app.post("/api/v1/accounts/verification-codes", null, body);
    }
}
