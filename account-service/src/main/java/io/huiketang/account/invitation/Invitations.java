package io.huiketang.account.invitation;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import io.huiketang.account.account.Account;
import io.huiketang.account.enterprise.Enterprise;
import io.huiketang.account.enterprise.Member;
import io.huiketang.account.verification.EmailSender;
import io.huiketang.account.verification.SmsSender;
import io.huiketang.kit.crypto.SensitiveFields;

/**
 * Issues invitations, for one invitee or a whole import: a random token goes to the invitee (by
 * SMS to a mobile number, else by e-mail), its keyed hash into the table. Messages leave only once
 * the invitations are committed, so a refused import sends nothing.
 */
@ApplicationScoped
public class Invitations {

    /**
     * @param phone E.164, or null
     * @param email the address, or (with a phone) the company e-mail the member will have; or null
     * @param name  the name the enterprise knows them by, or null
     */
    public record Invitee(String phone, String email, String name) {
    }

    /** Why an invitee cannot be invited (again) now. */
    public enum Obstacle {
        ALREADY_MEMBER, ALREADY_INVITED
    }

    /** A message for the invitee, delivered after the invitation commits. */
    record Message(String phone, String email, String subject, String text) {
    }

    private final SecureRandom random = new SecureRandom();
    private final InvitationsConfig config;
    private final SensitiveFields sensitive;
    private final SmsSender sms;
    private final EmailSender mail;
    private final Event<Message> messages;

    Invitations(InvitationsConfig config, SensitiveFields sensitive, SmsSender sms, EmailSender mail,
            Event<Message> messages) {
        this.config = config;
        this.sensitive = sensitive;
        this.sms = sms;
        this.mail = mail;
        this.messages = messages;
    }

    /** What stands in the way of inviting this person now, or null. The caller holds the enterprise's lock. */
    public Obstacle obstacle(UUID enterpriseId, Invitee invitee, Instant now) {
        if (invitee.phone() != null) {
            String phoneHash = sensitive.lookupHash(invitee.phone());
            Account account = Account.findByPhoneHash(phoneHash);
            if (account != null && Member.find(enterpriseId, account.id) != null) {
                return Obstacle.ALREADY_MEMBER;
            }
            return Invitation.count("enterpriseId = ?1 and phoneHash = ?2 and status = ?3 and expiresAt > ?4",
                    enterpriseId, phoneHash, Invitation.Status.PENDING, now) > 0 ? Obstacle.ALREADY_INVITED : null;
        }
        return Invitation.count("enterpriseId = ?1 and phoneHash is null and lower(email) = lower(?2) and status = ?3 "
                + "and expiresAt > ?4", enterpriseId, invitee.email(), Invitation.Status.PENDING, now) > 0
                        ? Obstacle.ALREADY_INVITED : null;
    }

    /** Records the invitation and queues its message; the caller holds the enterprise's lock and checked {@link #obstacle}. */
    public Invitation issue(Enterprise enterprise, Invitee invitee, UUID departmentId, UUID invitedBy,
            UUID memberImportId, Instant now) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);

        Invitation invitation = new Invitation();
        invitation.id = UUID.randomUUID();
        invitation.enterpriseId = enterprise.id;
        invitation.tokenHash = sensitive.lookupHash(token);
        if (invitee.phone() != null) {
            invitation.phoneCipher = sensitive.encrypt(invitee.phone());
            invitation.phoneHash = sensitive.lookupHash(invitee.phone());
        }
        invitation.email = invitee.email();
        invitation.inviteeName = invitee.name();
        invitation.departmentId = departmentId;
        invitation.invitedBy = invitedBy;
        invitation.memberImportId = memberImportId;
        invitation.status = Invitation.Status.PENDING;
        invitation.createdAt = now;
        invitation.expiresAt = now.plus(config.lifetime());
        invitation.persist();

        long days = Math.max(1, config.lifetime().toDays());
        String link = config.link() + token;
        if (invitee.phone() != null) {
            messages.fire(new Message(invitee.phone(), null, null, "【会客厅】" + enterprise.name + " 邀请您加入企业，请在 "
                    + days + " 天内打开 " + link + " 接受或拒绝。"));
        } else {
            messages.fire(new Message(null, invitee.email(), enterprise.name + " 邀请您加入会客厅",
                    enterprise.name + " 邀请您成为其会客厅企业成员。请在 " + days + " 天内打开 " + link
                            + " ，登录后接受或拒绝。您不接受，就不会成为成员。"));
        }
        return invitation;
    }

    void deliver(@Observes(during = TransactionPhase.AFTER_SUCCESS) Message message) {
        if (message.phone() != null) {
            sms.send(message.phone(), message.text());
        } else {
            mail.send(message.email(), message.subject(), message.text());
        }
    }
}
