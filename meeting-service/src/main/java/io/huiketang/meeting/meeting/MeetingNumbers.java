package io.huiketang.meeting.meeting;

import java.security.SecureRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Nine-digit meeting numbers: typable, drawn at random (so the next one cannot be guessed from the
 * last), and unique among meetings not yet ended (checked here, guaranteed by a partial unique index).
 * A drawn number is locked until the creating transaction ends, so two creators drawing the same
 * number at once cannot both take it.
 */
@ApplicationScoped
public class MeetingNumbers {

    /** Lock keys of meeting numbers, apart from the other advisory locks of this database. */
    private static final long NUMBER_LOCKS = 0x4D4E000000000000L; // "MN"

    private final SecureRandom random = new SecureRandom();

    @Transactional(Transactional.TxType.MANDATORY)
    public String next() {
        for (int attempt = 0; attempt < 20; attempt++) {
            // No leading zero: people drop it when they type
            int drawn = 100_000_000 + random.nextInt(900_000_000);
            Meeting.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                    .setParameter(1, NUMBER_LOCKS + drawn).getSingleResult();
            String number = Integer.toString(drawn);
            if (Meeting.findOpenByNumber(number) == null) {
                return number;
            }
        }
        throw new IllegalStateException("No free meeting number after 20 draws");
    }
}
