package io.huiketang.account.support;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.http.ContentType;

/** Makes people members the only way there is, by invitation and acceptance, reading tokens from the local outboxes. */
public final class Members {

    private static final Path SMS_OUTBOX = Path.of("target/sms-outbox.log");
    private static final Path MAIL_OUTBOX = Path.of("target/mail-outbox.log");
    private static final Pattern TOKEN = Pattern.compile("/join/([A-Za-z0-9_-]{43})");

    private Members() {
    }

    /** The token of the last invitation texted to this number. */
    public static String invitationTokenTextedTo(String phone) {
        return lastTokenTo(SMS_OUTBOX, phone);
    }

    /** The token of the last invitation mailed to this address. */
    public static String invitationTokenMailedTo(String email) {
        return lastTokenTo(MAIL_OUTBOX, email);
    }

    /** Whether any invitation was ever texted to this number. */
    public static boolean anyInvitationTextedTo(String phone) {
        return lines(SMS_OUTBOX).stream().anyMatch(l -> l.split("\t")[1].equals(phone) && TOKEN.matcher(l).find());
    }

    /** An admin invites the person by their number (optionally into a department); the person accepts. */
    public static void join(String adminToken, String enterpriseId, String phone, String memberToken, String departmentId) {
        Map<String, Object> body = departmentId == null ? Map.of("phone", phone)
                : Map.of("phone", phone, "departmentId", departmentId);
        given().header("Authorization", "Bearer " + adminToken).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/enterprises/" + enterpriseId + "/invitations").then().statusCode(201);
        given().header("Authorization", "Bearer " + memberToken)
                .when().post("/api/v1/invitations/" + invitationTokenTextedTo(phone) + "/accept").then().statusCode(200);
    }

    private static String lastTokenTo(Path outbox, String address) {
        List<String> lines = lines(outbox);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String[] parts = lines.get(i).split("\t");
            Matcher token = TOKEN.matcher(lines.get(i));
            if (parts[1].equals(address) && token.find()) {
                return token.group(1);
            }
        }
        throw new AssertionError("no invitation was sent to " + address);
    }

    private static List<String> lines(Path outbox) {
        try {
            return Files.readAllLines(outbox);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
