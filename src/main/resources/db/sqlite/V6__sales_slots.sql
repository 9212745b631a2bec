-- A shop's time zone (an IANA name such as Asia/Shanghai): its reports count days from its
-- midnight. NULL: the deployment's (SELL_TIMEZONE, else the system's).
ALTER TABLE shop ADD COLUMN time_zone TEXT;

-- Sales per shop and quarter of an hour (slot = create_time / 900000, in UTC): every time zone's
-- midnight falls on a slot's start, so a report of any zone adds up whole slots, a year in at most
-- 35,136 rows instead of every order. Kept with each order's write and cancel: orders and revenue
-- (cents) count the orders that are not cancelled; cancelled counts the others.
CREATE TABLE sales_slot (
    shop_id   TEXT NOT NULL REFERENCES shop (shop_id),
    slot      INTEGER NOT NULL,
    orders    INTEGER NOT NULL,
    revenue   INTEGER NOT NULL,
    cancelled INTEGER NOT NULL,
    PRIMARY KEY (shop_id, slot)
) WITHOUT ROWID;

-- What each product sold per shop and slot (orders not cancelled): the report's top products.
CREATE TABLE product_sales_slot (
    shop_id    TEXT NOT NULL REFERENCES shop (shop_id),
    slot       INTEGER NOT NULL,
    product_id TEXT NOT NULL,
    quantity   INTEGER NOT NULL,
    revenue    INTEGER NOT NULL,
    PRIMARY KEY (shop_id, slot, product_id)
) WITHOUT ROWID;

INSERT INTO sales_slot (shop_id, slot, orders, revenue, cancelled)
SELECT shop_id, create_time / 900000,
       SUM(CASE WHEN order_status <> 'CANCELLED' THEN 1 ELSE 0 END),
       SUM(CASE WHEN order_status <> 'CANCELLED' THEN order_amount ELSE 0 END),
       SUM(CASE WHEN order_status = 'CANCELLED' THEN 1 ELSE 0 END)
FROM orders GROUP BY shop_id, create_time / 900000;

INSERT INTO product_sales_slot (shop_id, slot, product_id, quantity, revenue)
SELECT o.shop_id, o.create_time / 900000, i.product_id, SUM(i.product_quantity), SUM(i.product_quantity * i.product_price)
FROM order_item i JOIN orders o ON o.order_id = i.order_id
WHERE o.order_status <> 'CANCELLED'
GROUP BY o.shop_id, o.create_time / 900000, i.product_id;
