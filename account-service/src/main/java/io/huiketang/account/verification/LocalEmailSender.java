package io.huiketang.account.verification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;

/**
 * Appends each e-mail to a local file instead of sending it (one line: time, address, subject,
 * text), so tests and dev/run can read the codes. It holds addresses: only on a developer's machine.
 */
@ApplicationScoped
public class LocalEmailSender implements EmailSender {

    private static final Logger LOG = Logger.getLogger(LocalEmailSender.class);
    private final Path outbox;

    LocalEmailSender(@ConfigProperty(name = "huiketang.account.mail.local-outbox") Path outbox) {
        this.outbox = outbox;
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warnf("E-mails are written to %s, not sent: configure a mail gateway in production", outbox);
        }
    }

    @Override
    public synchronized void send(String address, String subject, String text) {
        try {
            if (outbox.getParent() != null) {
                Files.createDirectories(outbox.getParent());
            }
            Files.writeString(outbox, Instant.now() + "\t" + address + "\t" + subject + "\t" + text.replace('\n', ' ') + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write the local mail outbox", e);
        }
    }
}
