package io.huiketang.systemtests.owasp;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.huiketang.kit.testing.CreditCodes;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/** The people and enterprises the OWASP tests set up through the gateway, as a client app would. */
final class Tenants {

    private static final Pattern INVITATION = Pattern.compile("/join/([A-Za-z0-9_-]{43})");

    private final Platform platform = Platform.get();
    private final Client app = platform.client();

    /** A new enterprise with this person as its admin; their tokens refreshed to carry the right. */
    String enterprise(Person admin, String name) {
        String id = app.post("/api/v1/enterprises", admin.token(), Map.of("name", name, "creditCode",
                CreditCodes.newCreditCode(), "contact", Map.of("name", "联系人", "phone", Client.newPhone())))
                .expect(201).get("id").asText();
        admin.refresh(app);
        return id;
    }

    /** A plain member of the enterprise, by invitation and acceptance. */
    Person member(Person admin, String enterpriseId, String displayName) {
        Person member = app.registerAdult(displayName);
        app.post("/api/v1/enterprises/" + enterpriseId + "/invitations", admin.token(), Map.of("phone", member.phone()))
                .expect(201);
        app.post("/api/v1/invitations/" + invitationTextedTo(member.phone()) + "/accept", member.token(), Map.of())
                .expect(200);
        return member.refresh(app);
    }

    String invitationTextedTo(String phone) {
        try {
            List<String> lines = Files.readAllLines(platform.smsOutbox());
            for (int i = lines.size() - 1; i >= 0; i--) {
                Matcher token = INVITATION.matcher(lines.get(i));
                if (lines.get(i).split("\t")[1].equals(phone) && token.find()) {
                    return token.group(1);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("no invitation was texted to " + phone);
    }
}
