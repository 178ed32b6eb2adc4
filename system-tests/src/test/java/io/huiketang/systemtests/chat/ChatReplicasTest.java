package io.huiketang.systemtests.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.ChatClient;
import io.huiketang.kit.testing.ServiceProcess;
import io.huiketang.systemtests.platform.Client;
import io.huiketang.systemtests.platform.Person;
import io.huiketang.systemtests.platform.Platform;

/**
 * Two chat-service processes serve one meeting (the platform's, and a second replica started here
 * with a temp folder of its own): frames reach the participants of the other replica through Redis
 * pub/sub. Afterwards (CHT-2) neither process's log holds a message, and the second one's temp and
 * working folders hold no file with one.
 */
class ChatReplicasTest {

    private final Client app = Platform.get().client();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twoReplicasServeOneMeetingAndNeitherKeepsAMessage() throws Exception {
        Path temp = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chat-replica-tmp");
        Path work = Path.of("").toAbsolutePath();
        long before;
        try (Stream<Path> files = Files.walk(work, 1)) {
            before = files.count();
        }
        ServiceProcess first = Platform.get().service("chat-service");
        String accounts = Platform.get().service("account-service").baseUrl();
        try (ServiceProcess second = ServiceProcess.start("chat-service", ServiceProcess.freePort(), Map.of(
                "HUIKETANG_ACCOUNT_URL", accounts, "HUIKETANG_PUBLIC_URL", Platform.get().gatewayUrl(),
                "HUIKETANG_CHAT_GROUP_ID", "chat-service-system",
                "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + temp))) {
            Person host = app.registerAdult("甲");
            Person guest = app.registerAdult("乙");
            String meetingId = ChatJourney.meetingWith(app, host, guest);
            String marker = "replica-secret-" + UUID.randomUUID();
            try (ChatClient a = ChatJourney.connect(http, ws(first, meetingId), host.token(), false);
                    ChatClient b = ChatJourney.connect(http, ws(second, meetingId), guest.token(), true)) {
                a.send(Map.of("v", 1, "type", "text", "id", "probe", "body", "probe"));
                org.junit.jupiter.api.Assertions.assertNotNull(a.next("ack"), () -> "sender got " + a.received());
                org.junit.jupiter.api.Assertions.assertEquals("probe", b.next("text").get("id").asText(),
                        () -> "sender got " + a.received() + ", receiver got " + b.received());
                for (int i = 0; i < 10; i++) {
                    a.send(Map.of("v", 1, "type", "text", "id", "a" + i, "body", marker + "-a" + i));
                    assertEquals(marker + "-a" + i, b.next("text").get("body").asText());
                    b.send(Map.of("v", 1, "type", "text", "id", "b" + i, "body", marker + "-b" + i));
                    assertEquals(marker + "-b" + i, a.next("text").get("body").asText());
                }
                b.send(Map.of("v", 1, "type", "nonsense", "id", "n", "body", marker));
                assertEquals("unknown-type", b.next("error").get("code").asText());
            }
            app.post("/api/v1/meetings/" + meetingId + "/end", host.token(), Map.of()).expect(200);

            // Logs of both processes (the platform's and this one append to the module's process log)
            Path log = Path.of("target/chat-service-process.log").toAbsolutePath();
            assertTrue(Files.exists(log), log.toString());
            assertFalse(Files.readString(log, StandardCharsets.ISO_8859_1).contains(marker), "a message in " + log);
            // The second replica's temp folder and the working folder: no file holds a message
            List<Path> holding;
            try (Stream<Path> files = Files.walk(temp)) {
                holding = files.filter(Files::isRegularFile).filter(p -> contains(p, marker)).toList();
            }
            assertEquals(List.of(), holding, "temp files holding a message");
            try (Stream<Path> files = Files.walk(work, 1)) {
                assertEquals(before, files.count(), "new entries in " + work);
            }
        }
    }

    private static URI ws(ServiceProcess replica, String meetingId) {
        return URI.create(replica.baseUrl().replaceFirst("^http", "ws") + "/api/v1/chat/meetings/" + meetingId);
    }

    private static boolean contains(Path file, String marker) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1).contains(marker);
        } catch (IOException e) {
            return false;
        }
    }
}
