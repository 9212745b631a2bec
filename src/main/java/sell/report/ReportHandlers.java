package sell.report;

import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import sell.http.SellerCredentials;
import sell.shop.Shop;

/** HTTP handlers of the seller's report and export. */
public final class ReportHandlers {
    private final SalesReport reports;
    private final OrdersCsv csv;
    private final SellerCredentials auth;

    public ReportHandlers(SalesReport reports, OrdersCsv csv, SellerCredentials auth) {
        this.reports = reports;
        this.csv = csv;
        this.auth = auth;
    }

    /** GET /sell/api/seller/report?from=&to=: days, totals and top products in the shop's time zone. */
    public void report(Context ctx) {
        Shop shop = auth.require(ctx);
        SalesReport.Range range = reports.range(shop.shopId(), ctx.queryParam("from"), ctx.queryParam("to"));
        ctx.json(reports.report(shop.shopId(), range));
    }

    /** GET /sell/api/seller/orders.csv?from=&to=: every order of the range, streamed as it is read. */
    public void ordersCsv(Context ctx) throws IOException {
        Shop shop = auth.require(ctx);
        SalesReport.Range range = reports.range(shop.shopId(), ctx.queryParam("from"), ctx.queryParam("to"));
        ctx.status(200);
        ctx.res().setContentType("text/csv; charset=utf-8");
        ctx.res().setHeader("Content-Disposition", "attachment; filename=\"orders-" + range.from() + "-to-" + range.to() + ".csv\"");
        ctx.res().setHeader("Cache-Control", "no-store");
        Writer out = new BufferedWriter(new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8), 16 * 1024);
        csv.write(shop.shopId(), range, out);
    }
}
