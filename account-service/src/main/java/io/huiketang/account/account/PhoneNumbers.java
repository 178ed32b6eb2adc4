package io.huiketang.account.account;

import java.util.regex.Pattern;

import io.huiketang.kit.problem.ProblemException;

/** Mobile numbers in E.164; a number without a country code is taken as mainland China (+86). */
public final class PhoneNumbers {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern CHINA_MOBILE = Pattern.compile("\\+861[3-9][0-9]{9}");

    private PhoneNumbers() {
    }

    /**
     * @param field the request field, named in the problem when the number is malformed
     */
    public static String normalize(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.invalidField(field, "is required");
        }
        String compact = raw.replaceAll("[\\s()-]", "");
        if (compact.startsWith("00")) {
            compact = "+" + compact.substring(2);
        } else if (!compact.startsWith("+")) {
            compact = "+86" + compact;
        }
        if (!E164.matcher(compact).matches() || (compact.startsWith("+86") && !CHINA_MOBILE.matcher(compact).matches())) {
            throw ProblemException.invalidField(field, "is not a valid mobile number");
        }
        return compact;
    }

    /** The number with its middle hidden, for showing a person their own data without exposing it in full. */
    public static String masked(String e164) {
        if (e164 == null || e164.length() < 8) {
            return e164;
        }
        return e164.substring(0, e164.length() - 8) + "****" + e164.substring(e164.length() - 4);
    }
}
