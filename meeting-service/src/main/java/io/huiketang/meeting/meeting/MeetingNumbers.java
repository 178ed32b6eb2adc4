package io.huiketang.meeting.meeting;

import java.security.SecureRandom;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Nine-digit meeting numbers: typable, drawn at random (so the next one cannot be guessed from the
 * last), and unique among meetings not yet ended (checked here, guaranteed by a partial unique index).
 */
@ApplicationScoped
public class MeetingNumbers {

    private final SecureRandom random = new SecureRandom();

    public String next() {
        for (int attempt = 0; attempt < 20; attempt++) {
            // No leading zero: people drop it when they type
            String number = Integer.toString(100_000_000 + random.nextInt(900_000_000));
            if (Meeting.findOpenByNumber(number) == null) {
                return number;
            }
        }
        throw new IllegalStateException("No free meeting number after 20 draws");
    }
}
