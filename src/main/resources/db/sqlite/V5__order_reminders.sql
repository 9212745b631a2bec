-- When the buyer last reminded the seller of an order (POST /sell/api/orders/{id}/remind): at most
-- one reminder per order every two minutes. A table of its own: an order's row is written once and
-- never grows a column that most orders leave empty.
CREATE TABLE order_reminder (
    order_id    TEXT PRIMARY KEY REFERENCES orders (order_id),
    reminded_at INTEGER NOT NULL
);
