package io.huiketang.kit.support;

/** Data of the test event type {@code huiketang.kit-test.thing-happened.v1}. */
public record Thing(String aggregate, int seq, String subjectId, boolean fail) {

    public static final String TOPIC = "kit-test.events";
    public static final String TYPE = "huiketang.kit-test.thing-happened.v1";
}
