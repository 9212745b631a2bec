-- Console sign-ins, kept here so that a server restart signs nobody out.
CREATE TABLE seller_session (
    -- SHA-256 of the cookie value; the value itself is never stored
    session_hash TEXT PRIMARY KEY,
    shop_id      TEXT NOT NULL REFERENCES shop (shop_id),
    create_time  INTEGER NOT NULL,
    expire_time  INTEGER NOT NULL
);
CREATE INDEX seller_session_by_expiry ON seller_session (expire_time);
