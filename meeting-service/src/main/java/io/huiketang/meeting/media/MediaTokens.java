package io.huiketang.meeting.media;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.meeting.MeetingsConfig;
import io.livekit.server.AccessToken;
import io.livekit.server.CanPublish;
import io.livekit.server.CanPublishData;
import io.livekit.server.CanSubscribe;
import io.livekit.server.RoomAdmin;
import io.livekit.server.RoomJoin;
import io.livekit.server.RoomName;
import io.livekit.server.RoomRecord;
import io.livekit.server.VideoGrant;

/** Signs a participant's LiveKit join token (MTG-7): room = meeting number, identity = account id, the session as an attribute. */
@ApplicationScoped
public class MediaTokens {

    /** The token attribute naming the attendance session: LiveKit reports it in every participant webhook. */
    public static final String SESSION_ATTRIBUTE = "huiketang.session";

    private final MeetingsConfig.LiveKit livekit;

    MediaTokens(MeetingsConfig config) {
        this.livekit = config.livekit();
    }

    /**
     * @param sessionId the attendance session this connection is
     * @param host      the meeting's host may also record and administer the room
     */
    public String joinToken(String meetingNumber, UUID accountId, UUID sessionId, String displayName, boolean host) {
        AccessToken token = new AccessToken(livekit.apiKey(), livekit.apiSecret());
        token.setIdentity(accountId.toString());
        token.getAttributes().put(SESSION_ATTRIBUTE, sessionId.toString());
        token.setName(displayName);
        token.setTtl(livekit.tokenTtl().toMillis());
        List<VideoGrant> grants = new ArrayList<>(List.of(new RoomJoin(true), new RoomName(meetingNumber),
                new CanPublish(true), new CanSubscribe(true), new CanPublishData(true)));
        if (host) {
            grants.add(new RoomAdmin(true));
            grants.add(new RoomRecord(true));
        }
        token.addGrants(grants);
        return token.toJwt();
    }
}
