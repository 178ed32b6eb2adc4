package io.huiketang.account.verification;

/** Sends a text message. The SMS gateway is pluggable (ACC-1); only a local sender exists so far. */
public interface SmsSender {

    void send(String e164, String text);
}
