package io.huiketang.meeting.meeting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.problem.ProblemException;

/** Meeting passcodes are kept only as a keyed hash salted with the meeting id. */
@ApplicationScoped
public class Passcodes {

    private final SensitiveFields sensitive;
    private final PasscodeAttempts attempts;

    Passcodes(SensitiveFields sensitive, PasscodeAttempts attempts) {
        this.sensitive = sensitive;
        this.attempts = attempts;
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

    /**
     * Lets the caller in with the meeting's passcode: a wrong one counts against the caller and the
     * meeting ({@link PasscodeAttempts}); while either is locked even the right one is refused.
     *
     * @throws ProblemException 403 without the passcode or with a wrong one, 429 with Retry-After while locked
     */
    public void requireForJoin(Meeting meeting, UUID caller, String passcode) {
        if (meeting.passcodeHash == null) {
            return;
        }
        if (passcode == null || passcode.isEmpty()) {
            // No guess was made: nothing to count
            throw ProblemException.forbidden("This meeting needs its passcode.");
        }
        if (!admits(meeting, passcode)) {
            throw attempts.wrong(meeting, caller);
        }
        attempts.right(meeting, caller);
    }
}
