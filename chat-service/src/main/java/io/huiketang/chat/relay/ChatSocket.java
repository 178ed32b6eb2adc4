package io.huiketang.chat.relay;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.inject.Inject;


import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.huiketang.chat.ChatConfig;
import io.huiketang.kit.auth.Caller;
import io.opentelemetry.api.trace.Span;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The chat of one meeting: {@code /api/v1/chat/meetings/{meetingId}}. The token is verified at the
 * upgrade (header, or the {@code bearer-token-carrier} subprotocol), only participants get through
 * ({@link ParticipantUpgradeCheck}); the connection is closed when the token expires, its session is
 * revoked ({@link SessionWatch}) or its person leaves the meeting. Frames are checked by their
 * envelope only and relayed; nothing of a message is stored or logged.
 */
@WebSocket(path = "/api/v1/chat/meetings/{meetingId}")
@Authenticated
public class ChatSocket {

    private static final Logger LOG = Logger.getLogger(ChatSocket.class);

    @Inject
    SecurityIdentity identity;
    @Inject
    Rooms rooms;
    @Inject
    ChatConfig config;
    @Inject
    ChatMetrics metrics;
    @Inject
    Vertx vertx;

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        JsonWebToken token = (JsonWebToken) identity.getPrincipal();
        // The connection itself, not the session-scoped proxy: frames are sent to it from other contexts
        Participant p = new Participant(io.quarkus.arc.ClientProxy.unwrap(connection), UUID.fromString(connection.pathParam("meetingId")),
                UUID.fromString(token.getSubject()), token.getClaim(Caller.Claims.SESSION),
                new SenderLimits(config.messagesPerSecond(), config.bytesPerSecond(), System.nanoTime()));
        long untilExpiry = token.getExpirationTime() * 1000 - System.currentTimeMillis();
        p.expiryTimer = vertx.setTimer(Math.max(1, untilExpiry),
                id -> rooms.close(p, Rooms.TOKEN_ENDED, "The access token expired; reconnect with a fresh one."));
        rooms.enter(p);
        // The client knows from here on that it receives the room's frames
        return connection.sendText(Frames.connected());
    }

    @OnTextMessage
    Uni<Void> onText(String text, WebSocketConnection connection) {
        Participant p = rooms.byConnection(connection.id());
        if (p == null || p.closing.get()) {
            return Uni.createFrom().voidItem();
        }
        int size = text.length() > config.maxFrameBytes() / 4 ? text.getBytes(StandardCharsets.UTF_8).length : text.length();
        if (size > config.maxFrameBytes()) {
            return refuse(p, "frame-too-large", null, "A frame is at most " + config.maxFrameBytes() + " bytes.");
        }
        String limit = p.limits.take(size, System.nanoTime());
        if (limit != null) {
            return refuse(p, "rate-limited", null, "Too many frames or bytes per second (" + limit + "); slow down.");
        }
        ObjectNode frame;
        try {
            frame = Frames.parse(text);
            if (Frames.PICTURE_CHUNK.equals(frame.get("type").asText())) {
                checkPicture(p, frame);
            }
        } catch (Frames.Refusal refusal) {
            return refuse(p, refusal.code, refusal.id, refusal.getMessage());
        }
        String type = frame.get("type").asText();
        String id = frame.path("id").asText(null);
        frame.put("from", p.accountId.toString());
        String relayed = frame.toString();
        // Sizes and counts only: never a message, a name or an id of a person
        Span.current().setAttribute("huiketang.chat.frame.bytes", size);
        return rooms.publishFrame(p, relayed).invoke(() -> {
            metrics.relayed(type);
            if (id != null && !Frames.TYPING.equals(type)) {
                rooms.send(p, Frames.relayedAck(id));
            }
        }).onFailure().recoverWithUni(failure -> {
            LOG.warnf("Publishing a frame failed: %s", failure.toString());
            return refuse(p, "unavailable", id, "The frame could not be relayed; send it again.");
        });
    }

    @OnBinaryMessage
    Uni<Void> onBinary(Buffer ignored, WebSocketConnection connection) {
        Participant p = rooms.byConnection(connection.id());
        return p == null ? Uni.createFrom().voidItem()
                : refuse(p, "binary-not-supported", null, "Frames are JSON text; pictures go in picture-chunk frames (base64).");
    }

    @OnClose
    void closed(WebSocketConnection connection) {
        Participant p = rooms.forget(connection.id());
        if (p != null) {
            p.closing.set(true);
            vertx.cancelTimer(p.expiryTimer);
        }
    }

    @OnError
    void failed(Throwable failure) {
        // The failure's class only: a message may quote a frame
        LOG.debugf("Chat connection failed: %s", failure.getClass().getName());
    }

    private void checkPicture(Participant p, ObjectNode frame) throws Frames.Refusal {
        String id = frame.get("id").asText();
        String pictureId = frame.get("pictureId").asText();
        int seq = frame.get("seq").asInt();
        long bytes = Frames.decodedLength(frame.get("data").asText());
        Participant.PictureUpload upload = p.pictures.get(pictureId);
        if (seq == 0) {
            if (upload != null) {
                throw new Frames.Refusal("invalid-frame", id, "Field seq: picture " + "already started.");
            }
            String mediaType = frame.path("mediaType").asText("");
            if (!config.pictureTypes().contains(mediaType)) {
                p.pictures.remove(pictureId);
                throw new Frames.Refusal("picture-type-not-allowed", id,
                        "Field mediaType: one of " + String.join(", ", config.pictureTypes()) + ".");
            }
            if (!frame.path("size").canConvertToLong() || frame.get("size").asLong() <= 0
                    || frame.get("size").asLong() > config.pictureMaxBytes()) {
                throw new Frames.Refusal("picture-too-large", id,
                        "Field size: a picture is 1 to " + config.pictureMaxBytes() + " bytes.");
            }
            if (p.pictures.size() >= config.openPicturesPerConnection()) {
                throw new Frames.Refusal("too-many-pictures", id,
                        "At most " + config.openPicturesPerConnection() + " pictures at once per connection.");
            }
            upload = new Participant.PictureUpload(mediaType, frame.get("size").asLong());
            p.pictures.put(pictureId, upload);
        } else if (upload == null || seq != upload.nextSeq) {
            throw new Frames.Refusal("invalid-frame", id, "Field seq: not the next chunk of a picture being sent.");
        }
        if (upload.receivedBytes + bytes > upload.declaredBytes) {
            p.pictures.remove(pictureId);
            throw new Frames.Refusal("picture-too-large", id, "The chunks exceed the picture's declared size.");
        }
        upload.receivedBytes += bytes;
        upload.nextSeq = seq + 1;
        if (frame.get("last").asBoolean()) {
            p.pictures.remove(pictureId);
        }
    }

    private Uni<Void> refuse(Participant p, String code, String id, String detail) {
        metrics.refused(code);
        rooms.send(p, Frames.error(code, id, detail));
        return Uni.createFrom().voidItem();
    }
}
