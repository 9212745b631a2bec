package sell.report;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sell.core.Money;
import sell.core.Refusal;
import sell.db.Database;

/**
 * A shop's sales per day in its own time zone: orders and revenue of the orders not cancelled,
 * the cancelled ones, the totals, and the products that sold most. Added up from the sales slots
 * (SalesSlots), so a year costs at most 35,136 rows whatever the shop sold.
 */
public final class SalesReport {
    /** The longest range a report (or an export) covers. */
    public static final int MAX_DAYS = 366;
    private static final int TOP = 10;

    public record Totals(long orders, BigDecimal revenue, long cancelled, BigDecimal averageOrder) {
    }

    public record Day(String date, long orders, BigDecimal revenue, long cancelled) {
    }

    public record TopProduct(String productId, String productName, long quantity, BigDecimal revenue) {
    }

    public record Report(String timeZone, String from, String to, Totals totals, List<Day> days,
                         List<TopProduct> topProducts) {
    }

    /** A range of days in a zone, checked: from..to inclusive, at most MAX_DAYS. */
    public record Range(ZoneId zone, LocalDate from, LocalDate to) {
        public long startMillis() {
            return from.atStartOfDay(zone).toInstant().toEpochMilli();
        }

        public long endMillis() {
            return to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        }
    }

    private final Database db;
    private final ReportRepository repository;
    private final ZoneId defaultZone;
    private final InstantSource clock;

    public SalesReport(Database db, ReportRepository repository, ZoneId defaultZone, InstantSource clock) {
        this.db = db;
        this.clock = clock;
        this.repository = repository;
        this.defaultZone = defaultZone;
    }

    /** The shop's time zone: its own, else the deployment's. */
    public ZoneId zoneOf(String shopId) {
        String own = db.read(h -> repository.timeZone(h, shopId)).orElse(null);
        if (own == null) return defaultZone;
        try {
            return ZoneId.of(own);
        } catch (DateTimeException e) {
            return defaultZone;
        }
    }

    /**
     * The range from..to (ISO dates; null: the last 30 days up to today in the shop's zone),
     * refused when a date is not one, to is before from, or it spans more than MAX_DAYS.
     */
    public Range range(String shopId, String from, String to) {
        ZoneId zone = zoneOf(shopId);
        LocalDate end = to == null ? LocalDate.ofInstant(clock.instant(), zone) : date(to, "to");
        LocalDate start = from == null ? end.minusDays(29) : date(from, "from");
        if (end.isBefore(start)) throw Refusal.invalid("to", "must not be before from");
        if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
            throw Refusal.invalid("to", "must be at most " + MAX_DAYS + " days after from, counting both");
        }
        return new Range(zone, start, end);
    }

    private static LocalDate date(String raw, String field) {
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeException e) {
            throw Refusal.invalid(field, "must be a date YYYY-MM-DD");
        }
    }

    public Report report(String shopId, Range range) {
        long fromSlot = SalesSlots.slotOf(range.startMillis());
        long toSlot = SalesSlots.slotOf(range.endMillis());
        List<ReportRepository.Slot> slots = db.read(h -> repository.slots(h, shopId, fromSlot, toSlot));
        List<ReportRepository.ProductSales> top = db.read(h -> repository.topProducts(h, shopId, fromSlot, toSlot, TOP));
        Map<LocalDate, long[]> byDay = new LinkedHashMap<>();
        for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) byDay.put(day, new long[3]);
        long orders = 0;
        long revenue = 0;
        long cancelled = 0;
        for (ReportRepository.Slot slot : slots) {
            LocalDate day = Instant.ofEpochMilli(slot.slot() * SalesSlots.SLOT_MILLIS).atZone(range.zone()).toLocalDate();
            long[] counts = byDay.get(day);
            if (counts == null) continue; // cannot happen: the slots are the range's
            counts[0] += slot.orders();
            counts[1] += slot.revenue();
            counts[2] += slot.cancelled();
            orders += slot.orders();
            revenue += slot.revenue();
            cancelled += slot.cancelled();
        }
        List<Day> days = new ArrayList<>(byDay.size());
        byDay.forEach((day, c) -> days.add(new Day(day.toString(), c[0], Money.toJson(c[1]), c[2])));
        // the average order to the cent, rounded half up
        long average = orders == 0 ? 0 : (revenue * 2 + orders) / (orders * 2);
        List<TopProduct> topProducts = top.stream().map(p -> new TopProduct(p.productId(),
                p.productName() == null ? p.productId() : p.productName(), p.quantity(), Money.toJson(p.revenue()))).toList();
        return new Report(range.zone().getId(), range.from().toString(), range.to().toString(),
                new Totals(orders, Money.toJson(revenue), cancelled, Money.toJson(average)), days, topProducts);
    }
}
