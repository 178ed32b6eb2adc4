package io.huiketang.meeting.history;

import static io.huiketang.meeting.history.HistoryFixtures.as;
import static io.huiketang.meeting.history.HistoryFixtures.cst;
import static io.huiketang.meeting.history.HistoryFixtures.held;
import static io.huiketang.meeting.history.HistoryFixtures.notStarted;
import static io.huiketang.meeting.history.HistoryFixtures.session;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.huiketang.meeting.meeting.Meeting;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A creator's meeting history with attendance (MTG-4). */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class HistoryListTest {

    static final String HISTORY = "/api/v1/meetings/history";

    @Test
    void listsOwnMeetingsNewestFirstWithEverySessionAndEachPersonsTotal() {
        UUID creator = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        Meeting review = held(creator, null, "季度复盘", cst("2024-03-10T10:00"), cst("2024-03-10T11:00"));
        session(review, alice, "小李", cst("2024-03-10T10:00"), cst("2024-03-10T10:20"));
        session(review, bob, "老王", cst("2024-03-10T10:05"), cst("2024-03-10T10:55"));
        session(review, null, "旧名字", cst("2024-03-10T10:10"), cst("2024-03-10T10:15"));
        session(review, alice, "小李(手机)", cst("2024-03-10T10:30"), cst("2024-03-10T10:45:30"));
        Meeting planned = notStarted(creator, null, "下周计划", Meeting.Status.SCHEDULED, cst("2024-03-11T09:00"));

        as(TestTokens.person(creator)).queryParam("from", "2024-03-10").queryParam("to", "2024-03-11")
                .when().get(HISTORY)
                .then().statusCode(200).contentType("application/json")
                .body("from", equalTo("2024-03-10")).body("to", equalTo("2024-03-11"))
                .body("total", equalTo(2)).body("page", equalTo(0)).body("size", equalTo(20))
                .body("meetings.id", equalTo(List.of(planned.id.toString(), review.id.toString())))
                .body("meetings[0].status", equalTo("SCHEDULED"))
                .body("meetings[0].startedAt", nullValue())
                .body("meetings[0].participants", empty())
                .body("meetings[1].number", equalTo(review.number))
                .body("meetings[1].topic", equalTo("季度复盘"))
                .body("meetings[1].status", equalTo("ENDED"))
                .body("meetings[1].startedAt", equalTo("2024-03-10T02:00:00Z"))
                .body("meetings[1].endedAt", equalTo("2024-03-10T03:00:00Z"))
                .body("meetings[1].participants", hasSize(3))
                // Alice dropped and rejoined: two sessions, and her total is their sum (20 min + 15 min 30 s)
                .body("meetings[1].participants[0].accountId", equalTo(alice.toString()))
                .body("meetings[1].participants[0].displayName", equalTo("小李(手机)"))
                .body("meetings[1].participants[0].sessions", hasSize(2))
                .body("meetings[1].participants[0].sessions[0].joinedAt", equalTo("2024-03-10T02:00:00Z"))
                .body("meetings[1].participants[0].sessions[0].leftAt", equalTo("2024-03-10T02:20:00Z"))
                .body("meetings[1].participants[0].sessions[0].durationSeconds", equalTo(1200))
                .body("meetings[1].participants[0].sessions[1].durationSeconds", equalTo(930))
                .body("meetings[1].participants[0].totalSeconds", equalTo(2130))
                .body("meetings[1].participants[1].accountId", equalTo(bob.toString()))
                .body("meetings[1].participants[1].totalSeconds", equalTo(3000))
                // An erased account: no identifier, a fixed label instead of the name it used
                .body("meetings[1].participants[2].accountId", nullValue())
                .body("meetings[1].participants[2].erased", equalTo(true))
                .body("meetings[1].participants[2].displayName", equalTo("已注销用户"))
                .body("meetings[1].participants[2].totalSeconds", equalTo(300));
    }

    @Test
    void anOpenSessionCountsUntilNow() {
        UUID creator = UUID.randomUUID();
        java.time.Instant started = java.time.Instant.now().minusSeconds(120);
        Meeting live = held(creator, null, "进行中", started, null);
        session(live, creator, "主持人", started, null);

        as(TestTokens.person(creator)).when().get(HISTORY)
                .then().statusCode(200).body("meetings[0].status", equalTo("STARTED"))
                .body("meetings[0].participants[0].sessions[0].leftAt", nullValue())
                .body("meetings[0].participants[0].totalSeconds",
                        org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(120))
                                .and(org.hamcrest.Matchers.lessThan(400)));
    }

    @Test
    void meetingsArePlacedOnTheirShanghaiDayByStartOrElseCreation() {
        UUID creator = UUID.randomUUID();
        held(creator, null, "前一天深夜", cst("2024-03-09T23:30"), cst("2024-03-10T00:30"));
        Meeting earlyMorning = held(creator, null, "当天凌晨", cst("2024-03-10T00:10"), cst("2024-03-10T01:00"));
        // Created before the range but started in it: placed by its start
        Meeting startedLater = HistoryFixtures.meeting(creator, null, "早建晚开", Meeting.Status.ENDED,
                cst("2024-03-01T09:00"), cst("2024-03-12T23:59:59"), cst("2024-03-13T00:30"));
        notStarted(creator, null, "取消的会", Meeting.Status.CANCELLED, cst("2024-03-13T00:00"));

        as(TestTokens.person(creator)).queryParam("from", "2024-03-10").queryParam("to", "2024-03-12")
                .when().get(HISTORY)
                .then().statusCode(200).body("total", equalTo(2))
                .body("meetings.id", equalTo(List.of(startedLater.id.toString(), earlyMorning.id.toString())));
    }

    @Test
    void pagesHoldAtMostSizeMeetingsAndCountThemAll() {
        UUID creator = UUID.randomUUID();
        Meeting first = held(creator, null, "一", cst("2024-04-01T10:00"), cst("2024-04-01T11:00"));
        Meeting second = held(creator, null, "二", cst("2024-04-02T10:00"), cst("2024-04-02T11:00"));
        Meeting third = held(creator, null, "三", cst("2024-04-03T10:00"), cst("2024-04-03T11:00"));
        String token = TestTokens.person(creator);

        as(token).queryParam("from", "2024-04-01").queryParam("to", "2024-04-30").queryParam("size", 2)
                .when().get(HISTORY)
                .then().statusCode(200).body("total", equalTo(3)).body("size", equalTo(2))
                .body("meetings.id", equalTo(List.of(third.id.toString(), second.id.toString())));
        as(token).queryParam("from", "2024-04-01").queryParam("to", "2024-04-30").queryParam("size", 2)
                .queryParam("page", 1).when().get(HISTORY)
                .then().statusCode(200).body("total", equalTo(3)).body("page", equalTo(1))
                .body("meetings.id", equalTo(List.of(first.id.toString())));
        as(token).queryParam("from", "2024-04-01").queryParam("to", "2024-04-30").queryParam("size", 100)
                .queryParam("page", 7).when().get(HISTORY)
                .then().statusCode(200).body("total", equalTo(3)).body("meetings", empty());
    }

    @ParameterizedTest
    @CsvSource({ "size,0", "size,101", "size,abc", "page,-1", "page,1.5" })
    void pageAndSizeOutOfBoundsAreRefusedNamingTheField(String field, String value) {
        as(TestTokens.person(UUID.randomUUID())).queryParam(field, value).when().get(HISTORY)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
    }

    @Test
    void anotherPersonsMeetingsNeverAppearEvenWhereTheCallerAttended() {
        UUID creator = UUID.randomUUID();
        UUID guest = UUID.randomUUID();
        Meeting theirs = held(creator, null, "别人的会", cst("2024-05-01T10:00"), cst("2024-05-01T11:00"));
        session(theirs, guest, "访客", cst("2024-05-01T10:00"), cst("2024-05-01T11:00"));

        as(TestTokens.person(guest)).queryParam("from", "2024-05-01").queryParam("to", "2024-05-01")
                .when().get(HISTORY)
                .then().statusCode(200).body("total", equalTo(0)).body("meetings", empty());
        as(TestTokens.person(creator)).queryParam("from", "2024-05-01").queryParam("to", "2024-05-01")
                .when().get(HISTORY)
                .then().statusCode(200).body("total", equalTo(1)).body("meetings[0].id", equalTo(theirs.id.toString()));
    }

    @ParameterizedTest
    @CsvSource({
            "2024-13-01, 2024-03-01, from",
            "2024-03-01, 03/05/2024, to",
            "2024-03-10, 2024-03-09, from",
            "2023-01-01, 2024-01-02, to" })
    void malformedReversedOrTooLongRangesAreRefusedNamingTheField(String from, String to, String field) {
        for (String path : List.of(HISTORY, HISTORY + "/export")) {
            as(TestTokens.person(UUID.randomUUID())).queryParam("from", from).queryParam("to", to).when().get(path)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo(field));
        }
    }

    @Test
    void aRangeOfExactly366DaysIsAccepted() {
        as(TestTokens.person(UUID.randomUUID())).queryParam("from", "2023-01-01").queryParam("to", "2024-01-01")
                .when().get(HISTORY).then().statusCode(200);
    }

    @Test
    void withoutATokenTheHistoryIsRefused() {
        for (String path : List.of(HISTORY, HISTORY + "/export")) {
            given().when().get(path).then().statusCode(401).contentType("application/problem+json");
        }
    }
}
