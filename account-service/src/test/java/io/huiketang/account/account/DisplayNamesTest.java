package io.huiketang.account.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.problem.ProblemException;

class DisplayNamesTest {

    @Test
    void everyBidiControlZeroWidthAndC0OrC1CharacterIsRefused() {
        int[][] ranges = { { 0x202A, 0x202E }, { 0x2066, 0x2069 }, { 0x200B, 0x200F }, { 0x0000, 0x001F },
                { 0x007F, 0x009F }, { 0x2060, 0x2064 }, { 0xFEFF, 0xFEFF }, { 0x2028, 0x2029 }, { 0xE000, 0xE000 },
                { 0xE0001, 0xE0001 } };
        for (int[] range : ranges) {
            for (int c = range[0]; c <= range[1]; c++) {
                assertFalse(DisplayNames.allowed(c), Integer.toHexString(c));
            }
        }
    }

    @Test
    void lettersOfAnyScriptPunctuationAndEmojiAreAllowed() {
        assertEquals("李明 Ann-Çé O'Neil 🙂 محمد", DisplayNames.require("  李明 Ann-Çé O'Neil 🙂 محمد ", "displayName"));
    }

    @Test
    void theProblemNamesTheField() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> DisplayNames.require("admin\u202Egnp.exe", "contact.name"));
        assertEquals("contact.name", refused.problem().errors().get(0).field());
        assertThrows(ProblemException.class, () -> DisplayNames.require(" \u3164 ", "name"));
        assertThrows(ProblemException.class, () -> DisplayNames.require(null, "name"));
    }

    @Test
    void aProvidersNameKeepsOnlyItsVisibleCharacters() {
        assertEquals("微信昵称", DisplayNames.sanitized("微信\u202E昵称\u200B"));
        assertNull(DisplayNames.sanitized("\u200B\u202E"));
        assertEquals("🙂", DisplayNames.sanitized("🙂"));
    }
}
