package io.huiketang.account.enterprise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.account.account.PhoneNumbers;
import io.huiketang.kit.problem.ProblemException;
import io.smallrye.config.ConfigMapping;

/**
 * Where the platform learns the contact number on record for a unified social credit code: the
 * number an enterprise registered with the authorities (the annual report's 企业联系电话 in the
 * National Enterprise Credit Information Publicity System, or a licensed data vendor's copy of it).
 * The source is a CSV file of {@code creditCode,mobileNumber} lines that operators keep in sync
 * with that registry, read at each look-up (a claim is rare); without a file no code is known.
 */
@ApplicationScoped
public class CreditCodeRegistry {

    @ConfigMapping(prefix = "huiketang.account.credit-code-registry")
    public interface Config {

        /** The CSV file; absent: no credit code can be verified by code (support verifies by hand). */
        Optional<Path> file();
    }

    private final Config config;

    CreditCodeRegistry(Config config) {
        this.config = config;
    }

    /** The registered mobile number (E.164) for the credit code, if the registry has one. */
    public Optional<String> contactNumber(String creditCode) {
        if (config.file().isEmpty() || !Files.exists(config.file().get())) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(config.file().get(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the credit-code registry", e);
        }
        Optional<String> found = Optional.empty();
        for (String line : lines) {
            String[] fields = line.split(",", -1);
            if (fields.length >= 2 && fields[0].strip().equalsIgnoreCase(creditCode)) {
                try {
                    found = Optional.of(PhoneNumbers.normalize(fields[1].strip(), "registry"));
                } catch (ProblemException malformed) {
                    found = Optional.empty();
                }
            }
        }
        return found;
    }
}
