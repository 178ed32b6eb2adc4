package io.huiketang.account.account;

import java.time.LocalDate;
import java.time.Period;

/** Age as the policy's rules for minors need it (ACC-10). */
public enum AgeBracket {
    /** Under 14: a child; needs a guardian's consent. */
    CHILD,
    /** 14 to 17: told to read the policy with a guardian. */
    TEEN,
    ADULT;

    public static AgeBracket of(LocalDate birthDate, LocalDate today) {
        int years = Period.between(birthDate, today).getYears();
        if (years < 14) {
            return CHILD;
        }
        return years < 18 ? TEEN : ADULT;
    }
}
