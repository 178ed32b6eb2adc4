package io.huiketang.account.account;

import io.huiketang.kit.problem.ProblemException;

/**
 * The one rule for every name that other people see (display names, enterprise, contact and
 * department names): visible characters only. Refused are C0 and C1 controls, format characters
 * (bidi embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, the marks U+200E/F,
 * zero-width characters U+200B-U+200D, U+2060, U+FEFF), line and paragraph separators, surrogates,
 * private-use and unassigned code points, and the Hangul fillers that render as nothing. Such
 * characters let a name pose as another (U+202E makes "admin" + U+202E + "gnp.exe" read as "adminexe.png").
 */
public final class DisplayNames {

    static final String MESSAGE = "must not contain control, format or invisible characters (such as U+202E)";

    private DisplayNames() {
    }

    /**
     * The name, stripped, if it is visible and has only allowed characters.
     *
     * @param field the request field, named in the problem
     */
    public static String require(String raw, String field) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty()) {
            throw ProblemException.invalidField(field, "must be a visible name");
        }
        if (!name.codePoints().allMatch(DisplayNames::allowed)) {
            throw ProblemException.invalidField(field, MESSAGE);
        }
        return name;
    }

    /** A name from a provider (WeChat, an enterprise's IdP): refused characters dropped; null if nothing is left. */
    public static String sanitized(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder();
        raw.codePoints().filter(DisplayNames::allowed).forEach(kept::appendCodePoint);
        String name = kept.toString().strip();
        return name.isEmpty() ? null : name;
    }

    static boolean allowed(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> switch (codePoint) {
                // Hangul fillers and the combining grapheme joiner: letters or marks that show nothing
                case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x034F -> false;
                default -> true;
            };
        };
    }
}
