package io.huiketang.kit.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SensitiveFieldsTest {

    private final SensitiveFields fields = new SensitiveFields(key(1), key(2));

    @Test
    void encryptedValueDecryptsAndNeverShowsThePlaintext() {
        String sealed = fields.encrypt("+8613800138000");
        assertFalse(sealed.contains("13800138000"));
        assertNotEquals(sealed, fields.encrypt("+8613800138000"), "a fresh nonce every time");
        assertEquals("+8613800138000", fields.decrypt(sealed));
    }

    @Test
    void tamperedOrForeignCiphertextIsRefused() {
        String sealed = fields.encrypt("wx-openid-123");
        char[] chars = sealed.toCharArray();
        chars[20] = chars[20] == 'A' ? 'B' : 'A';
        assertThrows(IllegalStateException.class, () -> fields.decrypt(new String(chars)));
        assertThrows(IllegalStateException.class, () -> new SensitiveFields(key(9), key(2)).decrypt(sealed));
    }

    @Test
    void lookupHashIsStableAndKeyed() {
        assertEquals(fields.lookupHash("+8613800138000"), fields.lookupHash("+8613800138000"));
        assertNotEquals(fields.lookupHash("+8613800138000"), new SensitiveFields(key(1), key(3))
                .lookupHash("+8613800138000"), "without the key a hash cannot be recomputed");
        assertEquals(64, fields.lookupHash("x").length());
    }

    @Test
    void keysMustBe32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> new SensitiveFields(new byte[16], key(2)));
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return key;
    }
}
