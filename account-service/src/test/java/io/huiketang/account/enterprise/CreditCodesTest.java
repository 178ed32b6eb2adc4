package io.huiketang.account.enterprise;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CreditCodesTest {

    @Test
    void codeWithItsCheckCharacterIsValid() {
        String first17 = "91110108MA01ABCD1";
        assertTrue(CreditCodes.isValid(first17 + CreditCodes.checkCharacter(first17)));
    }

    @Test
    void publishedCodesAreValid() {
        // A code printed on a public business licence
        assertTrue(CreditCodes.isValid("91440300708461136T"));
    }

    @Test
    void wrongCheckCharacterLengthOrAlphabetIsInvalid() {
        String first17 = "91110108MA01ABCD1";
        char check = CreditCodes.checkCharacter(first17);
        char other = check == '0' ? '1' : '0';
        assertFalse(CreditCodes.isValid(first17 + other));
        assertFalse(CreditCodes.isValid(first17));
        assertFalse(CreditCodes.isValid("91110108MA01ABCDI" + check), "I is not in the alphabet");
        assertFalse(CreditCodes.isValid(null));
    }
}
