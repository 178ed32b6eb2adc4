package io.huiketang.systemtests.journeys;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.CreditCodes;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * Journey 4: what belongs to one person or one enterprise stays out of another's reach, however
 * they ask. Someone else's things are "not found" (their existence is not confirmed); an admin
 * asking beyond their enterprise is "forbidden".
 */
class CrossTenantTest {

    private final Client app = Platform.get().client();

    @Test
    void anotherPersonsMeetingAndAttendanceAreNotFound() {
        Person owner = app.registerAdult("会议主人");
        Person stranger = app.registerAdult("陌生人");
        String id = app.post("/api/v1/meetings", owner.token(), Map.of("topic", "私人会议", "kind", "INSTANT"))
                .expect(201).get("id").asText();
        app.post("/api/v1/meetings/join", owner.token(), Map.of("number",
                app.get("/api/v1/meetings/" + id, owner.token()).expect(200).get("number").asText())).expect(200);

        app.get("/api/v1/meetings/" + id, stranger.token()).expectProblem(404);
        app.get("/api/v1/meetings/" + id + "/attendance", stranger.token()).expectProblem(404);
        app.patch("/api/v1/meetings/" + id, stranger.token(), Map.of("topic", "改掉")).expectProblem(404);
        app.post("/api/v1/meetings/" + id + "/end", stranger.token(), Map.of()).expectProblem(404);
        // The stranger's own history does not show it either
        String history = app.get("/api/v1/meetings/history/export?from=" + LocalDate.now().minusDays(1) + "&to="
                + LocalDate.now().plusDays(1), stranger.token()).body();
        assertFalse(history.contains(id), history);
    }

    @Test
    void anotherEnterprisesDataAndExportAreOutOfReach() {
        Person adminOfA = app.registerAdult("甲公司管理员");
        Person adminOfB = app.registerAdult("乙公司管理员");
        String a = enterprise(adminOfA, "甲公司");
        String b = enterprise(adminOfB, "乙公司");
        adminOfA.refresh(app);
        adminOfB.refresh(app);
        String today = LocalDate.now().toString();

        app.get("/api/v1/meetings/enterprise/" + b + "/export?from=" + today + "&to=" + today, adminOfA.token())
                .expectProblem(403);
        app.get("/api/v1/enterprises/" + b, adminOfA.token()).expectProblem(404);
        app.get("/api/v1/enterprises/" + b + "/members", adminOfA.token()).expectProblem(404);
        app.post("/api/v1/enterprises/" + b + "/invitations", adminOfA.token(), Map.of("phone", Client.newPhone()))
                .expectProblem(404);
        app.post("/api/v1/meetings", adminOfA.token(), Map.of("topic", "冒名会议", "kind", "INSTANT", "enterpriseId", b))
                .expectProblem(403);
        // and the other way round, for symmetry's sake
        app.get("/api/v1/enterprises/" + a + "/members", adminOfB.token()).expectProblem(404);
    }

    @Test
    void aPersonSeesOnlyTheirOwnProfile() {
        Person someone = app.registerAdult("某人");
        Person other = app.registerAdult("他人");
        // There is no way to name another account: the profile is always the caller's own
        app.get("/api/v1/accounts/" + other.accountId(), someone.token()).expectProblem(404);
        String me = app.get("/api/v1/accounts/me", someone.token()).body();
        assertFalse(me.contains(other.accountId()) || me.contains(other.phone().substring(3)), me);
        app.get("/api/v1/accounts/me", null).expectProblem(401);
        app.get("/api/v1/accounts/me", "not-a-token").expectProblem(401);
    }

    private String enterprise(Person admin, String name) {
        return app.post("/api/v1/enterprises", admin.token(), Map.of("name", name, "creditCode",
                CreditCodes.newCreditCode(), "contact", Map.of("name", "联系人", "phone", Client.newPhone())))
                .expect(201).get("id").asText();
    }
}
