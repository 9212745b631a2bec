-- When the buyer last reminded the seller of an order (POST /sell/api/orders/{id}/remind): at most
-- one reminder per order every two minutes.
CREATE TABLE order_reminder (
    order_id    TEXT PRIMARY KEY REFERENCES orders (order_id),
    reminded_at BIGINT NOT NULL
);
