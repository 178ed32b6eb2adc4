package io.huiketang.account.enterprise;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.support.Enterprises;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.privacy.ErasureReceipt;
import io.huiketang.kit.privacy.PersonalDataHolder;
import io.huiketang.kit.testing.PublishedEvents;
import io.huiketang.kit.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * When the person whose details are an enterprise's registered contact is erased, the details stay
 * only as the enterprise's business record: the receipt says so, and the enterprise's admins are
 * asked to replace the contact.
 */
@QuarkusTest
class EnterpriseContactErasureTest {

    @Inject
    PersonalDataHolder personalData;

    @Test
    void erasingTheContactKeepsTheDetailsAsTheEnterprisesRecordSaysSoAndAsksTheAdminsToReplaceThem() {
        var creator = registerAdult(newPhone());
        UUID creatorId = UUID.fromString(creator.getString("accountId"));
        String enterpriseId = Enterprises.create(creator.getString("tokens.accessToken"), "联系人企业").getString("id");
        var admin = registerAdult(newPhone());
        UUID adminId = UUID.fromString(admin.getString("accountId"));
        String adminToken = admin.getString("tokens.accessToken");
        var member = registerAdult(newPhone());
        makeMember(UUID.fromString(enterpriseId), adminId, creatorId, true);
        makeMember(UUID.fromString(enterpriseId), UUID.fromString(member.getString("accountId")), creatorId, false);
        get(adminToken, enterpriseId).then().statusCode(200).body("contactReplacementRequired", equalTo(false));

        try (TopicReader events = TopicReader.fromNow(AccountEvents.TOPIC)) {
            ErasureReceipt receipt = QuarkusTransaction.requiringNew().call(() -> personalData.erase(creatorId.toString()));

            ErasureReceipt.LegalHold hold = receipt.legalHolds().stream()
                    .filter(h -> h.dataset().equals("enterprise/" + enterpriseId + "/contact")).findFirst().orElseThrow();
            assertTrue(hold.reason().contains("business record"), hold.reason());
            assertTrue(hold.reason().contains("admins are asked to replace"), hold.reason());
            assertNull(hold.until(), "no end date: until the admins replace the contact");

            ConsumedEvent asked = events.readUntil(rs -> rs.stream().anyMatch(r -> enterpriseId.equals(r.key())
                    && new String(r.value()).contains(AccountEvents.CONTACT_REPLACEMENT_REQUIRED)), Duration.ofSeconds(30))
                    .stream().filter(r -> enterpriseId.equals(r.key())).map(PublishedEvents::assertValid)
                    .filter(e -> e.type().equals(AccountEvents.CONTACT_REPLACEMENT_REQUIRED)).findFirst().orElseThrow();
            assertEquals(enterpriseId, asked.data().get("enterpriseId").asText());
            assertEquals("CONTACT_ERASED", asked.data().get("reason").asText());
            assertTrue(!asked.data().toString().contains("王经理"), "the event carries ids, never the contact");
        }

        get(adminToken, enterpriseId).then().statusCode(200).body("contactReplacementRequired", equalTo(true))
                .body("contactName", equalTo("王经理"));
        // Only admins are asked (and see the contact's number)
        given().header("Authorization", "Bearer " + member.getString("tokens.accessToken"))
                .when().get("/api/v1/enterprises/" + enterpriseId).then().statusCode(200)
                .body("contactReplacementRequired", equalTo(null)).body("contactPhone", equalTo(null));

        replaceContact(adminToken, enterpriseId, Map.of("name", "李主任", "phone", "12ab")).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("phone"));
        replaceContact(member.getString("tokens.accessToken"), enterpriseId, Map.of("name", "李主任", "phone", newPhone()))
                .then().statusCode(403);
        String phone = newPhone();
        replaceContact(adminToken, enterpriseId, Map.of("name", "李主任", "phone", phone)).then().statusCode(200)
                .body("contactName", equalTo("李主任")).body("contactPhone", equalTo(phone))
                .body("contactReplacementRequired", equalTo(false));
        get(adminToken, enterpriseId).then().statusCode(200).body("contactReplacementRequired", equalTo(false));
    }

    @Test
    void erasingSomeoneWhoRegisteredNoEnterpriseStatesNoEnterpriseHold() {
        UUID person = UUID.fromString(registerAdult(newPhone()).getString("accountId"));
        ErasureReceipt receipt = QuarkusTransaction.requiringNew().call(() -> personalData.erase(person.toString()));
        assertTrue(receipt.legalHolds().stream().noneMatch(h -> h.dataset().startsWith("enterprise/")));
    }

    private static void makeMember(UUID enterpriseId, UUID accountId, UUID grantedBy, boolean asAdmin) {
        QuarkusTransaction.requiringNew().run(() -> {
            Member m = new Member();
            m.enterpriseId = enterpriseId;
            m.accountId = accountId;
            m.joinedVia = Member.JoinedVia.INVITATION;
            m.joinedAt = Instant.now();
            m.persist();
            if (asAdmin) {
                Admin a = new Admin();
                a.enterpriseId = enterpriseId;
                a.accountId = accountId;
                a.grantedBy = grantedBy;
                a.grantedAt = Instant.now();
                a.persist();
            }
        });
    }

    private static Response get(String token, String enterpriseId) {
        return given().header("Authorization", "Bearer " + token).when().get("/api/v1/enterprises/" + enterpriseId);
    }

    private static Response replaceContact(String token, String enterpriseId, Map<String, String> contact) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(contact)
                .when().put("/api/v1/enterprises/" + enterpriseId + "/contact");
    }
}
