package io.huiketang.account.verification;

/** Sends an e-mail. The mail gateway is pluggable; only a local sender exists so far. */
public interface EmailSender {

    void send(String address, String subject, String text);
}
