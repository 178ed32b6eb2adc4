package io.huiketang.meeting.meeting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.kit.crypto.SensitiveFields;

/** Meeting passcodes are kept only as a keyed hash salted with the meeting id. */
@ApplicationScoped
public class Passcodes {

    private final SensitiveFields sensitive;

    Passcodes(SensitiveFields sensitive) {
        this.sensitive = sensitive;
    }

    public String hash(UUID meetingId, String passcode) {
        return sensitive.lookupHash("meeting-passcode:" + meetingId + ":" + passcode);
    }

    /** True when the meeting has no passcode, or this is it. */
    public boolean admits(Meeting meeting, String passcode) {
        if (meeting.passcodeHash == null) {
            return true;
        }
        return passcode != null && MessageDigest.isEqual(meeting.passcodeHash.getBytes(StandardCharsets.US_ASCII),
                hash(meeting.id, passcode).getBytes(StandardCharsets.US_ASCII));
    }
}
