package io.huiketang.privacy.consent;

import java.util.regex.Pattern;

/**
 * What a ledger row names as proof of a choice: ids (request, session, event), never an address or a
 * mobile number. Text from another service is kept only when it is plainly an id.
 */
final class Evidence {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern UUID_INSIDE = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern ID_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9:._/=-]{0,119}");
    // Anything with a run of 7+ digits (a number) or an IPv4/IPv6-like shape is refused
    private static final Pattern NUMBER_OR_ADDRESS = Pattern.compile(
            ".*(\\d{7,}|\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{0,4}:).*");

    private Evidence() {
    }

    static String ofRequest(String requestId, String sessionId) {
        return "request:" + safeOr(requestId, "none") + " session:" + safeOr(sessionId, "none");
    }

    static String ofEvent(String eventId, String reported) {
        String evidence = "event:" + safeOr(eventId, "none");
        String extra = safeOr(reported, null);
        return extra == null ? evidence : evidence + " " + extra;
    }

    /** The text if it is plainly an id, else {@code fallback}. */
    static String safeOr(String text, String fallback) {
        if (text != null && UUID.matcher(text).matches()) {
            return text;
        }
        // Ids embedded in the text are fine; what remains must hold no number or address
        if (text == null || !ID_LIKE.matcher(text).matches()
                || NUMBER_OR_ADDRESS.matcher(UUID_INSIDE.matcher(text).replaceAll("")).matches()) {
            return fallback;
        }
        return text;
    }
}
