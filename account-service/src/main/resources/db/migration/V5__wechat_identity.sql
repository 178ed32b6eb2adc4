-- A WeChat account bound to a platform account (ACC-2). openid and unionid are encrypted and found
-- by their keyed hash, never stored in the clear. WeChat's "privilege" list is not kept (not needed).
CREATE TABLE wechat_identity (
    account_id     uuid          PRIMARY KEY REFERENCES account (id),
    openid_cipher  text          NOT NULL,
    openid_hash    char(64)      NOT NULL UNIQUE,
    unionid_cipher text,
    unionid_hash   char(64)      UNIQUE,
    nickname       varchar(64),
    avatar_url     varchar(1024),
    gender         varchar(8)    NOT NULL,
    country        varchar(64),
    province       varchar(64),
    city           varchar(64),
    bound_at       timestamptz   NOT NULL,
    updated_at     timestamptz   NOT NULL
);
