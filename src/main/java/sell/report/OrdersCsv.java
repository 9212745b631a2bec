package sell.report;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.StringJoiner;
import sell.db.Database;
import sell.order.Order;
import sell.order.OrderRepository;

/**
 * A shop's orders of a range of days as CSV (RFC 4180: CRLF line ends, fields quoted when they
 * hold a comma, a quote or a line break). Written page by page as they are read, so a year of
 * orders never sits in memory, and a read connection is held for one page at a time. A cell that
 * a spreadsheet would run as a formula (=, +, -, @, a tab or a carriage return first) gets a
 * leading '.
 */
public final class OrdersCsv {
    public static final String HEADER = "orderId,createTime,buyerName,buyerPhone,buyerAddress,items,orderAmount,orderStatus,payStatus";
    private static final int PAGE = 500;

    private final Database db;
    private final OrderRepository orders;

    public OrdersCsv(Database db, OrderRepository orders) {
        this.db = db;
        this.orders = orders;
    }

    /** Writes the header and every order of the shop created in the range, oldest first. */
    public void write(String shopId, SalesReport.Range range, Writer out) throws IOException {
        out.write(HEADER);
        out.write("\r\n");
        DateTimeFormatter time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(range.zone());
        long after = 0;
        while (true) {
            long cursor = after;
            OrderRepository.Page page = db.read(h -> orders.created(h, shopId, range.startMillis(), range.endMillis(), cursor, PAGE));
            for (Order order : page.orders()) {
                StringJoiner items = new StringJoiner("; ");
                for (Order.Item item : order.items()) items.add(item.quantity() + " × " + item.productName());
                out.write(String.join(",", cell(order.orderId()), cell(time.format(Instant.ofEpochMilli(order.createTime()))),
                        cell(order.buyerName()), cell(order.buyerPhone()), cell(order.buyerAddress()), cell(items.toString()),
                        BigDecimal.valueOf(order.amountCents(), 2).toPlainString(), order.status(), order.payStatus()));
                out.write("\r\n");
            }
            if (page.nextNo() == null) break;
            after = page.nextNo();
            out.flush();
        }
        out.flush();
    }

    /** One field: neutralised if a spreadsheet would run it, quoted if it needs to be. */
    static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) text = "'" + text;
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return text;
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
