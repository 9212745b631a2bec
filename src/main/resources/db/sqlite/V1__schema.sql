-- Money is integer cents; times are epoch milliseconds (UTC).
CREATE TABLE shop (
    shop_id     TEXT PRIMARY KEY,
    shop_name   TEXT NOT NULL,
    token_hash  TEXT UNIQUE,
    -- names this shop's event log; a new log (a new database) gets a new epoch
    epoch       TEXT NOT NULL,
    head_seq    INTEGER NOT NULL DEFAULT 0,
    create_time INTEGER NOT NULL
);

CREATE TABLE category (
    shop_id       TEXT NOT NULL REFERENCES shop (shop_id),
    category_type INTEGER NOT NULL,
    category_name TEXT NOT NULL,
    PRIMARY KEY (shop_id, category_type)
);

CREATE TABLE product (
    product_id          TEXT PRIMARY KEY,
    shop_id             TEXT NOT NULL REFERENCES shop (shop_id),
    category_type       INTEGER NOT NULL,
    product_name        TEXT NOT NULL,
    product_price       INTEGER NOT NULL CHECK (product_price >= 0),
    product_stock       INTEGER NOT NULL CHECK (product_stock >= 0),
    product_description TEXT NOT NULL DEFAULT '',
    product_icon        TEXT NOT NULL DEFAULT '',
    product_status      TEXT NOT NULL CHECK (product_status IN ('ON_SALE', 'OFF_SALE')),
    create_time         INTEGER NOT NULL,
    update_time         INTEGER NOT NULL,
    FOREIGN KEY (shop_id, category_type) REFERENCES category (shop_id, category_type)
);

CREATE TABLE orders (
    -- internal, ever-growing: the key of keyset paging
    order_no      INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id      TEXT NOT NULL UNIQUE,
    shop_id       TEXT NOT NULL REFERENCES shop (shop_id),
    buyer_name    TEXT NOT NULL,
    buyer_phone   TEXT NOT NULL,
    buyer_address TEXT NOT NULL,
    buyer_openid  TEXT NOT NULL,
    order_amount  INTEGER NOT NULL CHECK (order_amount >= 0),
    order_status  TEXT NOT NULL CHECK (order_status IN ('NEW', 'FINISHED', 'CANCELLED')),
    pay_status    TEXT NOT NULL CHECK (pay_status IN ('WAIT', 'SUCCESS')),
    create_time   INTEGER NOT NULL,
    update_time   INTEGER NOT NULL
);
CREATE INDEX orders_by_shop ON orders (shop_id, order_no);
CREATE INDEX orders_by_shop_status ON orders (shop_id, order_status, order_no);
CREATE INDEX orders_by_buyer ON orders (buyer_openid, order_no);

CREATE TABLE order_item (
    order_id         TEXT NOT NULL REFERENCES orders (order_id),
    line_no          INTEGER NOT NULL,
    product_id       TEXT NOT NULL,
    product_name     TEXT NOT NULL,
    product_price    INTEGER NOT NULL,
    product_quantity INTEGER NOT NULL CHECK (product_quantity BETWEEN 1 AND 999),
    product_icon     TEXT NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

-- The durable event log: written in the same transaction as the change it describes.
CREATE TABLE event (
    shop_id     TEXT NOT NULL REFERENCES shop (shop_id),
    seq         INTEGER NOT NULL,
    event_type  TEXT NOT NULL,
    order_id    TEXT,
    -- exactly the JSON text the socket sends
    body        TEXT NOT NULL,
    create_time INTEGER NOT NULL,
    PRIMARY KEY (shop_id, seq)
);

CREATE TABLE idempotency_key (
    idem_key     TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    order_id     TEXT NOT NULL REFERENCES orders (order_id),
    create_time  INTEGER NOT NULL
);
