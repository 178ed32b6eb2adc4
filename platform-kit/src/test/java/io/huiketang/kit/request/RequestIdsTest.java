package io.huiketang.kit.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void safeCallerIdIsKept() {
        assertEquals("gw-7f3a.01:b_c", RequestIds.acceptOrCreate("gw-7f3a.01:b_c"));
    }

    @Test
    void unsafeOrMissingIdIsReplaced() {
        for (String unsafe : new String[] { null, "", "a b", "x\r\nSet-Cookie: y", "x".repeat(129), "<script>" }) {
            String id = RequestIds.acceptOrCreate(unsafe);
            assertNotEquals(unsafe, id);
            assertTrue(id.matches("[0-9a-f-]{36}"), id);
        }
    }
}
