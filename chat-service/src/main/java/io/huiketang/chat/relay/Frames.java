package io.huiketang.chat.relay;

import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Frame protocol v1 (README, {@code chat-frames.v1.schema.json}): a JSON object {@code {v, type, id, ...}}.
 * Only the envelope is read; a message's {@code body} and a picture chunk's {@code data} are opaque
 * strings (ciphertext of the clients' end-to-end encryption) that are relayed as they came.
 */
final class Frames {

    static final int VERSION = 1;
    static final String TEXT = "text";
    static final String PICTURE_CHUNK = "picture-chunk";
    static final String TYPING = "typing";
    static final String ACK = "ack";
    static final String SYSTEM = "system";
    static final String ERROR = "error";
    /** Types a client may send. */
    static final Set<String> FROM_CLIENTS = Set.of(TEXT, PICTURE_CHUNK, TYPING, ACK);

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");

    private Frames() {
    }

    /** Why a frame is refused: the error frame's code and detail. */
    static final class Refusal extends Exception {
        final String code;
        final String id;

        Refusal(String code, String id, String detail) {
            super(detail, null, false, false);
            this.code = code;
            this.id = id;
        }
    }

    static ObjectNode parse(String text) throws Refusal {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Refusal("invalid-frame", null, "A frame is one JSON object.");
        }
        if (!(node instanceof ObjectNode frame)) {
            throw new Refusal("invalid-frame", null, "A frame is one JSON object.");
        }
        String id = frame.path("id").isTextual() && ID.matcher(frame.get("id").asText()).matches()
                ? frame.get("id").asText() : null;
        if (!frame.path("v").isInt() || frame.get("v").asInt() != VERSION) {
            throw new Refusal("unsupported-version", id, "Field v: this server speaks frame protocol version 1.");
        }
        JsonNode type = frame.get("type");
        if (type == null || !type.isTextual()) {
            throw new Refusal("invalid-frame", id, "Field type is required.");
        }
        if (!FROM_CLIENTS.contains(type.asText())) {
            throw new Refusal("unknown-type", id, "Field type: unknown frame type (text, picture-chunk, typing, ack).");
        }
        if (id == null && !TYPING.equals(type.asText())) {
            throw new Refusal("invalid-frame", null, "Field id: 1 to 64 of A-Z a-z 0-9 . _ : - is required.");
        }
        if (frame.has("from")) {
            throw new Refusal("invalid-frame", id, "Field from: set by the server only.");
        }
        switch (type.asText()) {
            case TEXT -> requireString(frame, "body", id);
            case PICTURE_CHUNK -> {
                requireString(frame, "pictureId", id);
                if (!frame.path("seq").canConvertToInt() || !frame.path("seq").isIntegralNumber() || frame.get("seq").asInt() < 0) {
                    throw new Refusal("invalid-frame", id, "Field seq: the chunk's number, from 0.");
                }
                if (!frame.path("last").isBoolean()) {
                    throw new Refusal("invalid-frame", id, "Field last: true on the picture's last chunk.");
                }
                requireString(frame, "data", id);
                if (!BASE64.matcher(frame.get("data").asText()).matches() || frame.get("data").asText().length() % 4 != 0) {
                    throw new Refusal("invalid-frame", id, "Field data: base64 (RFC 4648, padded).");
                }
            }
            case ACK -> requireString(frame, "ref", id);
            default -> {
                // typing: the envelope is all there is
            }
        }
        return frame;
    }

    /** Decoded bytes of a padded base64 string, without decoding it. */
    static long decodedLength(String base64) {
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return (long) base64.length() / 4 * 3 - padding;
    }

    static String error(String code, String id, String detail) {
        ObjectNode frame = JSON.createObjectNode().put("v", VERSION).put("type", ERROR);
        frame.put("id", UUID.randomUUID().toString());
        if (id != null) {
            frame.put("ref", id);
        }
        return frame.put("code", code).put("detail", detail).toString();
    }

    /** The first frame of every connection: it is in the room now, and receives its frames. */
    static String connected() {
        return JSON.createObjectNode().put("v", VERSION).put("type", SYSTEM).put("id", UUID.randomUUID().toString())
                .put("event", "connected").put("at", java.time.Instant.now().toString()).toString();
    }

    /** The server's acknowledgement that a frame of the sender was relayed to the meeting. */
    static String relayedAck(String id) {
        return JSON.createObjectNode().put("v", VERSION).put("type", ACK).put("id", UUID.randomUUID().toString())
                .put("ref", id).put("status", "relayed").toString();
    }

    private static void requireString(ObjectNode frame, String field, String id) throws Refusal {
        if (!frame.path(field).isTextual()) {
            throw new Refusal("invalid-frame", id, "Field " + field + " (a string) is required.");
        }
    }
}
