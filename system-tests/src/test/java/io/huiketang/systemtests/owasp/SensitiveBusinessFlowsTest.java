package io.huiketang.systemtests.owasp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.CreditCodes;
import io.huiketang.kit.testing.SmsOutbox;
import io.huiketang.systemtests.platform.Answer;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * OWASP API6:2023 Unrestricted Access to Sensitive Business Flows, through the gateway: taking a
 * company's credit code by typing it first, and keeping a person from receiving login codes by
 * asking for codes to their number.
 */
class SensitiveBusinessFlowsTest {

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    @Test
    void typingACompanysCreditCodeFirstDoesNotTakeIt() throws IOException {
        String creditCode = CreditCodes.newCreditCode();
        String registeredContact = Client.newPhone();
        Files.writeString(platform.creditCodeRegistry(), creditCode + "," + registeredContact + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        Person squatter = app.registerAdult("抢注者");
        String squatterClaim = enterprise(squatter, creditCode).expect(201).get("id").asText();
        Person company = app.registerAdult("真实企业管理员");
        String companyClaim = enterprise(company, creditCode).expect(201).get("id").asText();

        // The squatter cannot prove it: the code goes to the registry's contact, not to a number it typed
        app.post(proof(squatterClaim) + "/codes", squatter.token(), Map.of()).expect(202);
        app.post(proof(squatterClaim), squatter.token(), Map.of("code", "000000")).expectProblem(400);

        app.post(proof(companyClaim) + "/codes", company.token(), Map.of()).expect(202);
        String code = SmsOutbox.lastCodeSentTo(platform.smsOutbox(), registeredContact);
        assertEquals(true, app.post(proof(companyClaim), company.token(), Map.of("code", code))
                .expect(200).get("creditCodeVerified").asBoolean());

        assertEquals("https://huiketang.io/problems/credit-code-owned",
                app.post(proof(squatterClaim) + "/codes", squatter.token(), Map.of()).expectProblem(409)
                        .get("type").asText());
        assertEquals("https://huiketang.io/problems/credit-code-owned",
                enterprise(app.registerAdult("又一个"), creditCode).expectProblem(409).get("type").asText());
        assertFalse(app.get("/api/v1/enterprises/" + squatterClaim, squatter.token()).expect(200)
                .get("creditCodeVerified").asBoolean());
    }

    @Test
    void refusedCodeRequestsCannotLockSomeoneElsesNumber() {
        String attacker = UUID.randomUUID().toString();
        for (int i = 0; i < 10; i++) {
            requestCode(Client.newPhone(), attacker).expect(202);
        }
        String victim = Client.newPhone();
        for (int i = 0; i < 5; i++) {
            assertEquals("Too many codes requested from this device.",
                    requestCode(victim, attacker).expectProblem(429).get("detail").asText());
        }
        // At once, not after a minute: the attacker's refused requests took no resend pause
        requestCode(victim, UUID.randomUUID().toString()).expect(202);
    }

    private Answer enterprise(Person admin, String creditCode) {
        return app.post("/api/v1/enterprises", admin.token(), Map.of("name", "某某科技有限公司", "creditCode", creditCode,
                "contact", Map.of("name", "联系人", "phone", Client.newPhone())));
    }

    private static String proof(String enterpriseId) {
        return "/api/v1/enterprises/" + enterpriseId + "/credit-code-verification";
    }

    private Answer requestCode(String phone, String deviceId) {
        Map<String, Object> body = new HashMap<>(Map.of("phone", phone));
        body.put("deviceId", deviceId);
        return app.post("/api/v1/accounts/verification-codes", null, body);
    }
}
