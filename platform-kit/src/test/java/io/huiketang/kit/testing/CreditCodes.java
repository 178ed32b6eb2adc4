package io.huiketang.kit.testing;

import java.security.SecureRandom;

/** Unified social credit codes (GB 32100) for test enterprises, computed here independently of the code under test. */
public final class CreditCodes {

    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
    private static final SecureRandom RANDOM = new SecureRandom();

    private CreditCodes() {
    }

    /** A random, valid code with its check character. */
    public static String newCreditCode() {
        StringBuilder code = new StringBuilder("91110108");
        while (code.length() < 17) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(code.charAt(i)) * WEIGHTS[i];
        }
        return code.append(ALPHABET.charAt((31 - sum % 31) % 31)).toString();
    }
}
