package io.huiketang.chat.relay;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.websockets.next.WebSocketConnection;

/** One open chat connection of this replica: whose it is, its limits and what is waiting to be written to it. */
final class Participant {

    final WebSocketConnection connection;
    final UUID meetingId;
    final UUID accountId;
    final String sessionId;
    final SenderLimits limits;
    /** Frames handed to the connection and not yet written to its socket. */
    final AtomicInteger pending = new AtomicInteger();
    final AtomicBoolean closing = new AtomicBoolean();
    /** Pictures this connection is sending, by picture id (touched on the connection's own context only). */
    final Map<String, PictureUpload> pictures = new HashMap<>();
    volatile long expiryTimer = -1;

    Participant(WebSocketConnection connection, UUID meetingId, UUID accountId, String sessionId, SenderLimits limits) {
        this.connection = connection;
        this.meetingId = meetingId;
        this.accountId = accountId;
        this.sessionId = sessionId;
        this.limits = limits;
    }

    /** The bytes of one picture received so far. */
    static final class PictureUpload {
        final String mediaType;
        final long declaredBytes;
        long receivedBytes;
        int nextSeq;

        PictureUpload(String mediaType, long declaredBytes) {
            this.mediaType = mediaType;
            this.declaredBytes = declaredBytes;
        }
    }
}
