package io.huiketang.account.invitation;

/** Sends an e-mail. The mail gateway is pluggable; only a local sender exists so far. */
public interface EmailSender {

    void send(String to, String subject, String text);
}
