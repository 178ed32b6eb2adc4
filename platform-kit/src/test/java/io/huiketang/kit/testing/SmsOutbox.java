package io.huiketang.kit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads account-service's local SMS outbox (time, number, text per line), as a phone would read its SMS. */
public final class SmsOutbox {

    private SmsOutbox() {
    }

    /** The 6-digit code of the last message sent to {@code e164}. */
    public static String lastCodeSentTo(Path outbox, String e164) {
        try {
            List<String> lines = Files.readAllLines(outbox);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String[] parts = lines.get(i).split("\t");
                if (parts.length > 2 && parts[1].equals(e164)) {
                    return parts[2].replaceAll("\\D*(\\d{6}).*", "$1");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the SMS outbox " + outbox, e);
        }
        throw new AssertionError("no SMS was sent to " + e164);
    }
}
