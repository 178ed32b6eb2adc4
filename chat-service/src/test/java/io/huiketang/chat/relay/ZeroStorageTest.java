package io.huiketang.chat.relay;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.ChatClient;
import io.huiketang.chat.support.ChatTestBase;
import io.huiketang.kit.datamap.DataMap;
import io.huiketang.kit.datamap.DataMapValidation;
import io.huiketang.kit.datamap.DataMaps;
import io.huiketang.kit.testing.DataMapAssertions;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * CHT-2, proven in process: after a chat session Redis holds only the membership keys the data map
 * declares and nothing anywhere holds the message; no new file in the working or temp folders; the
 * metrics count frames by type and never carry a message or a meeting. (The packaged service's log
 * and folders: system-tests' ChatReplicasTest.)
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class ZeroStorageTest extends ChatTestBase {

    @Inject
    RedisDataSource redis;

    @TestHTTPResource(value = "", management = true)
    URL management;

    @Test
    void theDataMapDeclaresNoTableAndNoMessageOnlyExpiringMembershipKeys() {
        DataMap map = ownMap();
        assertEquals(List.of(), DataMapValidation.problems(map));
        assertEquals(List.of(), map.tables());
        assertEquals(List.of(), map.topics());
        assertTrue(map.redis().stream().allMatch(key -> key.pattern().startsWith("huiketang:chat:")
                && !key.pattern().contains("message") && key.retention() != null));
    }

    @Test
    void afterAChatSessionNothingHoldsTheMessages() throws Exception {
        Set<Path> before = files();
        UUID meeting = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        join(meeting, alice);
        join(meeting, bob);
        String marker = "zero-storage-" + UUID.randomUUID();
        try (ChatClient a = ChatClient.withHeader(chat(meeting), TestTokens.person(alice));
                ChatClient b = ChatClient.withHeader(chat(meeting), TestTokens.person(bob))) {
            for (int i = 0; i < 20; i++) {
                a.send(Map.of("v", 1, "type", "text", "id", "z-" + i, "body", marker + "-" + i));
                assertEquals(marker + "-" + i, b.next("text").get("body").asText());
            }
            a.send(Map.of("v", 1, "type", "picture-chunk", "id", "zp", "pictureId", marker, "seq", 0, "last", true,
                    "mediaType", "image/png", "size", 3, "data", "AAAA"));
            b.next("picture-chunk");
            a.send(Map.of("v", 1, "type", "bogus", "id", "zb", "body", marker));
            a.next("error");
        }

        // Redis: the service's keys are the declared membership keys, and no key anywhere names or holds the message
        List<String> chatKeys = new ArrayList<>();
        redis.key().scan(new KeyScanArgs().match("huiketang:chat:*").count(1000)).toIterable().forEach(chatKeys::add);
        assertFalse(chatKeys.isEmpty());
        DataMapAssertions.assertRedisKeysDeclared(chatKeys, ownMap());
        List<String> holding = new ArrayList<>();
        redis.key().scan(new KeyScanArgs().count(1000)).toIterable().forEach(key -> {
            if (key.contains(marker) || valueOf(key).contains(marker)) {
                holding.add(key);
            }
        });
        assertEquals(List.of(), holding, "keys naming or holding a message");

        // Disk: no new file in the working directory (outside the build's own output); nothing in the temp
        // folder (shared with other runs, which write there, so: no file written since holds a message)
        Set<Path> created = files();
        created.removeAll(before);
        assertEquals(Set.of(), created, "new files in the working directory during a chat session");
        assertEquals(Set.of(), recentTempFiles().stream().filter(readableWith(marker)).collect(Collectors.toSet()),
                "temp files holding a message");

        // Metrics: counts by frame type and refusal reason only
        given().when().get(management + "metrics").then().statusCode(200)
                .body(containsString("huiketang_chat_frames_relayed_total{type=\"text\""))
                .body(containsString("huiketang_chat_frames_refused_total{reason=\"unknown-type\""))
                .body(containsString("huiketang_chat_connections"))
                .body(not(containsString(marker)))
                .body(not(containsString(meeting.toString())));
    }

    /** chat-service's own map, without platform-kit's shared tables (which need a database chat does not have). */
    private static DataMap ownMap() {
        try (java.io.InputStream in = ZeroStorageTest.class.getResourceAsStream("/" + DataMaps.SERVICE)) {
            return DataMaps.read(in, DataMaps.SERVICE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String valueOf(String key) {
        return switch (redis.key().type(key).name().toLowerCase()) {
            case "string" -> String.valueOf(redis.value(String.class).get(key));
            case "set" -> String.valueOf(redis.set(String.class).smembers(key));
            case "hash" -> String.valueOf(redis.hash(String.class).hgetall(key));
            case "list" -> String.valueOf(redis.list(String.class).lrange(key, 0, -1));
            case "zset" -> String.valueOf(redis.sortedSet(String.class).zrange(key, 0, -1));
            default -> "";
        };
    }

    private java.util.function.Predicate<Path> readableWith(String marker) {
        return path -> {
            try {
                return Files.isRegularFile(path) && Files.size(path) < 50_000_000 && Files.readString(path,
                        java.nio.charset.StandardCharsets.ISO_8859_1).contains(marker);
            } catch (IOException e) {
                return false;
            }
        };
    }

    /** Files of the working directory, but the build's target/. */
    private static Set<Path> files() throws IOException {
        Path work = Path.of("").toAbsolutePath();
        try (Stream<Path> stream = Files.walk(work)) {
            return stream.filter(p -> !p.startsWith(work.resolve("target"))).collect(Collectors.toCollection(java.util.HashSet::new));
        }
    }

    /** Regular files of the temp folder written since this test class was loaded. */
    private static Set<Path> recentTempFiles() {
        Set<Path> recent = new java.util.HashSet<>();
        try (Stream<Path> stream = Files.walk(Path.of(System.getProperty("java.io.tmpdir")), 3)) {
            stream.forEach(p -> {
                try {
                    if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).toMillis() >= START) {
                        recent.add(p);
                    }
                } catch (IOException | RuntimeException e) {
                    // vanished while walking
                }
            });
        } catch (IOException | RuntimeException e) {
            // a folder of another run vanished while walking
        }
        return recent;
    }

    private static final long START = System.currentTimeMillis();
}
