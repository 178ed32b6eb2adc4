package io.huiketang.account.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/** Reads the codes the local e-mail sender "sent" (target/mail-outbox.log: time, address, subject, text). */
public final class Mailbox {

    private static final Path MAIL_OUTBOX = Path.of("target/mail-outbox.log");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Mailbox() {
    }

    /** An address no other test uses. */
    public static String newAddress() {
        return "person" + RANDOM.nextInt(1_000_000_000) + "@example.com";
    }

    public static String lastCodeSentTo(String address) {
        try {
            List<String> lines = Files.readAllLines(MAIL_OUTBOX);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String[] parts = lines.get(i).split("\t");
                if (parts[1].equals(address)) {
                    return parts[3].replaceAll("\\D*(\\d{6}).*", "$1");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no e-mail was sent to " + address);
    }
}
