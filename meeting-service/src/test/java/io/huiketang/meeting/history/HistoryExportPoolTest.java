package io.huiketang.meeting.history;

import static io.huiketang.meeting.support.Meetings.createInstant;
import static io.huiketang.meeting.support.Meetings.join;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Clients downloading their history slowly hold no database connection: with more slow readers
 * than the pool has connections, joins still succeed (issue 12, item 3).
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class HistoryExportPoolTest {

    private static final int MEETINGS = 1000;
    private static final int SESSIONS_PER_MEETING = 60;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/")
    URL service;

    @Test
    void slowReadersOfLongExportsDoNotStarveJoins() throws Exception {
        int poolSize = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.max-size", Integer.class);
        int readers = poolSize + 10;
        UUID creator = UUID.randomUUID();
        seedLongHistory(creator); // several MB of CSV: far more than the socket buffers hold
        List<Socket> sockets = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(readers);
        try {
            String token = TestTokens.person(creator);
            for (int i = 0; i < readers; i++) {
                Socket socket = new Socket();
                socket.setReceiveBufferSize(4096);
                socket.connect(new java.net.InetSocketAddress(service.getHost(), service.getPort()));
                sockets.add(socket);
                Thread reader = new Thread(() -> readALittleThenPause(socket, token, started), "slow-reader-" + i);
                reader.setDaemon(true);
                reader.start();
            }
            started.await(60, TimeUnit.SECONDS);

            JsonPath meeting = createInstant(TestTokens.person(UUID.randomUUID()), "导出期间的会", null);
            for (int i = 0; i < 5; i++) {
                join(TestTokens.person(UUID.randomUUID()), meeting.getString("number"), null, "参会者" + i);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
            deleteHistory(creator);
        }
    }

    /** Sends the export request, reads its first kilobyte, then stops reading (the connection stays open). */
    private static void readALittleThenPause(Socket socket, String token, CountDownLatch started) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/meetings/history/export HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] first = new byte[1024];
            int read = 0;
            while (read < first.length) {
                int n = in.read(first, read, first.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            assertTrue(new String(first, 0, read, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
        } catch (java.io.IOException closedByTheTest) {
            // the test is over
        } finally {
            started.countDown();
        }
    }

    private void seedLongHistory(UUID creator) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement meetings = connection.prepareStatement("""
                INSERT INTO meeting (id, number, topic, kind, creator_id, status, started_at, ended_at, created_at, updated_at)
                SELECT gen_random_uuid(), lpad((100000000 + i)::text, 9, '0'), '长历史 ' || i, 'INSTANT', ?, 'ENDED',
                       now() - make_interval(mins => i * 5), now() - make_interval(mins => i * 5 - 3),
                       now() - make_interval(mins => i * 5), now()
                FROM generate_series(1, ?) i""");
                PreparedStatement sessions = connection.prepareStatement("""
                INSERT INTO attendance_session (id, meeting_id, account_id, display_name, joined_at, left_at, leave_reason)
                SELECT gen_random_uuid(), m.id, gen_random_uuid(), '参会者 ' || j, m.started_at, m.ended_at, 'LEFT'
                FROM meeting m, generate_series(1, ?) j WHERE m.creator_id = ?""")) {
            meetings.setObject(1, creator);
            meetings.setInt(2, MEETINGS);
            meetings.executeUpdate();
            sessions.setInt(1, SESSIONS_PER_MEETING);
            sessions.setObject(2, creator);
            sessions.executeUpdate();
        }
    }

    private void deleteHistory(UUID creator) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("DELETE FROM attendance_session WHERE meeting_id IN (SELECT id FROM meeting WHERE creator_id = '"
                    + creator + "')");
            sql.execute("DELETE FROM meeting WHERE creator_id = '" + creator + "'");
        }
    }
}
