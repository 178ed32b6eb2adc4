package io.huiketang.meeting.metrics;

import static io.huiketang.meeting.support.Meetings.as;
import static io.huiketang.meeting.support.Meetings.createInstant;
import static io.huiketang.meeting.support.Meetings.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The business metrics of k8s/'s dashboards: joins and participant time at commit, live meetings and people online. */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class MeetingMetricsTest {

    @Inject
    MeterRegistry registry;

    @Inject
    MeetingMetrics metrics;

    @Test
    void joinsAndTimeSpentAreCountedAndTheGaugesShowWhoIsInAMeeting() throws Exception {
        String host = TestTokens.person(UUID.randomUUID());
        String guest = TestTokens.person(UUID.randomUUID());
        JsonPath meeting = createInstant(host, "指标", null);
        double joins = registry.counter("huiketang.meeting.joins").count();
        double seconds = registry.counter("huiketang.participant.seconds").count();

        join(guest, meeting.getString("number"), null, "访客");
        metrics.refresh();

        assertEquals(joins + 1, registry.counter("huiketang.meeting.joins").count());
        assertTrue(gauge("huiketang.meetings.live") >= 1, "the meeting is live");
        double online = gauge("huiketang.participants.online");
        assertTrue(online >= 1, "the guest is in it");

        Thread.sleep(20); // a measurable stay
        as(guest).when().post("/api/v1/meetings/" + meeting.getString("id") + "/leave").then().statusCode(204);
        metrics.refresh();

        assertTrue(registry.counter("huiketang.participant.seconds").count() > seconds, "the stay is counted when it ends");
        // At most: the sweeper may close other tests' silent sessions meanwhile
        assertTrue(gauge("huiketang.participants.online") <= online - 1, "the guest is no longer online");
    }

    @Test
    void aRefusedJoinCountsNothing() {
        double joins = registry.counter("huiketang.meeting.joins").count();
        as(TestTokens.person(UUID.randomUUID())).body(java.util.Map.of("number", "000000000")).when()
                .post("/api/v1/meetings/join").then().statusCode(404);
        assertEquals(joins, registry.counter("huiketang.meeting.joins").count());
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }
}
