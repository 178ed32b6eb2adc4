package io.huiketang.meeting.meeting;

import static io.huiketang.meeting.support.Meetings.as;
import static io.huiketang.meeting.support.Meetings.createInstant;
import static io.huiketang.meeting.support.Meetings.join;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.huiketang.kit.privacy.ErasureReceipt;
import io.huiketang.kit.privacy.PersonalDataHolder;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** What meeting-service exports and erases for a person (its answer to privacy-service). */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class MeetingPersonalDataTest {

    @Inject
    PersonalDataHolder personalData;

    @Test
    void exportHoldsMeetingsAttendanceConnectionLogAndErasureAnonymisesAttendanceInOthersMeetings() {
        UUID creatorId = UUID.randomUUID();
        UUID guestId = UUID.randomUUID();
        String creator = TestTokens.person(creatorId);
        JsonPath meeting = createInstant(creator, "客户张三的合同", "112233");
        join(TestTokens.person(guestId), meeting.getString("number"), "112233", "李四");

        JsonPath export = JsonPath.from(personalData.export(guestId.toString()).toString());
        assertEquals("李四", export.getString("meetings.attendance[0].displayName"));
        assertEquals(1, export.getList("connectionLog").size());

        ErasureReceipt guestErased = QuarkusTransaction.requiringNew().call(() -> personalData.erase(guestId.toString()));
        assertEquals(1L, guestErased.affected().get("attendance_session"));
        assertEquals("connection_log", guestErased.legalHolds().get(0).dataset(), "the network log stays, on hold");
        as(creator).when().get("/api/v1/meetings/" + meeting.getString("id") + "/attendance").then().statusCode(200)
                .body("participants[0].accountId", equalTo(null))
                .body("participants[0].displayName", equalTo(MeetingDataSection.ERASED_NAME))
                .body("participants[0].sessions[0].leftAt", org.hamcrest.Matchers.notNullValue());

        QuarkusTransaction.requiringNew().call(() -> personalData.erase(creatorId.toString()));
        JsonNode afterwards = personalData.export(creatorId.toString());
        assertEquals(0, afterwards.get("meetings").get("created").size());
        Meeting erased = QuarkusTransaction.requiringNew().call(() -> Meeting.findById(UUID.fromString(meeting.getString("id"))));
        assertEquals(MeetingDataSection.ERASED_TOPIC, erased.topic);
        assertEquals(null, erased.creatorId);
        assertEquals(null, erased.passcodeHash);
    }
}
