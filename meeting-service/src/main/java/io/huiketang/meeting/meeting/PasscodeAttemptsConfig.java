package io.huiketang.meeting.meeting;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How many wrong passcodes a meeting takes before it locks (issue 11: a passcode fell to 157 guesses in 3 s). */
@ConfigMapping(prefix = "huiketang.meeting.passcode")
public interface PasscodeAttemptsConfig {

    /** Wrong passcodes one caller may try on one meeting within the window; the next locks them out of it. */
    @WithDefault("5")
    int maxWrongPerCaller();

    /** Wrong passcodes all callers together may try on one meeting within the window (many accounts, one meeting). */
    @WithDefault("50")
    int maxWrongPerMeeting();

    /** The window wrong passcodes are counted in, from the first of them. */
    @WithDefault("PT15M")
    Duration window();

    /** How long a lock lasts: every join of the locked caller (or, for the meeting, of everyone) is refused, right passcode or not. */
    @WithDefault("PT15M")
    Duration lockout();
}
