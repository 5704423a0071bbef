-- Influencer API tokens: only the SHA-256 of a token is kept (the token is shown once, when issued).
-- Each issue and revocation is published to the compacted topic access-tokens.v1 through the outbox,
-- from which every service that answers influencers keeps its own copy.
CREATE TABLE influencer_tokens (
    token_id      text        PRIMARY KEY,
    influencer_id text        NOT NULL REFERENCES influencers (id),
    token_sha256  char(64)    NOT NULL UNIQUE,
    issued_at     timestamptz NOT NULL,
    revoked_at    timestamptz
);

CREATE INDEX influencer_tokens_by_influencer ON influencer_tokens (influencer_id, issued_at);
