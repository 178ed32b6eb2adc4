package io.huiketang.privacy.consent;

import java.util.Arrays;
import java.util.Locale;

import io.huiketang.kit.problem.ProblemException;

/** Where a person made a consent choice. */
public enum Channel {
    APP, WEB, MINI_PROGRAM;

    static Channel parse(String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalidField("channel", "is required: one of " + Arrays.toString(values()));
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("channel", "must be one of " + Arrays.toString(values()));
        }
    }
}
