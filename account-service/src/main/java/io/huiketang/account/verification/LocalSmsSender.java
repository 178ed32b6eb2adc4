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
 * Appends each message to a local file instead of sending it, so tests and dev/run can read the
 * codes. The file holds mobile numbers: it exists only on a developer's machine.
 */
@ApplicationScoped
public class LocalSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(LocalSmsSender.class);
    private final Path outbox;

    LocalSmsSender(@ConfigProperty(name = "huiketang.account.sms.local-outbox") Path outbox) {
        this.outbox = outbox;
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warnf("SMS messages are written to %s, not sent: configure an SMS gateway in production", outbox);
        }
    }

    @Override
    public synchronized void send(String e164, String text) {
        try {
            if (outbox.getParent() != null) {
                Files.createDirectories(outbox.getParent());
            }
            Files.writeString(outbox, Instant.now() + "\t" + e164 + "\t" + text + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write the local SMS outbox", e);
        }
    }
}
