// Store exports and line-item files become canonical events (docs/importers.md).
#include "helpers.hpp"

using namespace tt;

namespace {
Import run(ImportFormat f, const std::string& text, const LineItemMapping* map = nullptr) {
  ImportOptions opt;
  opt.source = "export.csv";
  return import_any(text, f, opt, map);
}
} // namespace

TEST_CASE("a Shopify orders export groups line items, turns refunds into returns and leaves cancelled orders out",
          "[import]") {
  const std::string text =
      "Name,Email,Financial Status,Paid at,Currency,Subtotal,Total,Refunded Amount,Created at,Lineitem "
      "quantity,Lineitem name,Lineitem price,Cancelled at\n"
      "#1001,Ann@Example.com,paid,,USD,50.00,55.00,,2025-03-01 10:00:00 +0100,1,Shirt,50.00,\n"
      "#1001,,,,,,,,,1,Socks,5.00,\n"
      "#1002,bob@example.com,partially_refunded,,USD,100.00,100.00,40.00,2025-03-02 00:30:00 +0200,2,Jacket,50.00,\n"
      "#1003,ann@example.com,voided,,USD,20.00,20.00,,2025-03-03 12:00:00 +0000,1,Hat,20.00,2025-03-03 13:00:00 +0000\n"
      "#1003,,,,,,,,,1,Scarf,5.00,\n";
  REQUIRE(detect_format(text) == ImportFormat::Shopify);
  Import im = run(ImportFormat::Auto, text);
  CHECK(im.report.format == "shopify-orders");
  // 5 rows = 3 used (#1001 x2, #1002) + 0 duplicates + 2 skipped (#1003, voided and cancelled).
  CHECK(im.report.rows_read == 5);
  CHECK(im.report.rows_used == 3);
  CHECK(im.report.skipped == 2);
  CHECK(im.report.left_out == 2);
  // #1002: 00:30 at +02:00 is 22:30 UTC on March 1.
  CHECK(events_to_csv(im.log, 2) == "customer_id,date,type,amount\n"
                                    "ann@example.com,2025-03-01,purchase,55.00\n"
                                    "bob@example.com,2025-03-01,purchase,100.00\n"
                                    "bob@example.com,2025-03-01,return,40.00\n");
}

TEST_CASE(
    "a WooCommerce orders export keeps paid orders, leaves cancelled ones out and falls back to the email of guests",
    "[import]") {
  const std::string text = "order_id,date,status,order_total,refunded_total,customer_id,billing_email\n"
                           "10,2025-04-01 09:00:00,completed,80.00,0.00,7,c@x.com\n"
                           "11,2025-04-02 10:00:00,cancelled,30.00,0.00,7,c@x.com\n"
                           "12,2025-04-03 11:00:00,refunded,25.00,25.00,0,Guest@X.com\n";
  REQUIRE(detect_format(text) == ImportFormat::WooCommerce);
  Import im = run(ImportFormat::Auto, text);
  CHECK(im.report.rows_read == 3);
  CHECK(im.report.rows_used == 2);
  CHECK(im.report.skipped == 1);
  CHECK(events_to_csv(im.log, 2) == "customer_id,date,type,amount\n"
                                    "7,2025-04-01,purchase,80.00\n"
                                    "guest@x.com,2025-04-03,purchase,25.00\n"
                                    "guest@x.com,2025-04-03,return,25.00\n");
}

TEST_CASE("a line-item CSV with a column mapping sums each order exactly and rounds half to even once", "[import]") {
  LineItemMapping m;
  m.customer = "Client";
  m.date = "Day";
  m.order = "Invoice";
  m.quantity = "Qty";
  m.unit_price = "Price";
  m.customer_suffix_strip.clear();
  const std::string text = "Invoice,Client,Day,Qty,Price\n"
                           "A1,c1,2025-05-01 08:00,3,0.835\n" // 2.505 -> 2.50 (half to even)
                           "A1,c1,2025-05-01 08:00,2,0\n"
                           "C9,c1,2025-05-09 09:00,-1,2.50\n" // negative total -> a return
                           "A2,,2025-05-02 10:00,1,9.99\n";   // no customer: left out, counted
  Import im = run(ImportFormat::LineItems, text, &m);
  CHECK(im.report.summary() == "rows read 4 = used 3 + duplicates 0 + skipped 1 (1 left out on purpose)");
  CHECK(events_to_csv(im.log, 2) == "customer_id,date,type,amount\n"
                                    "c1,2025-05-01,purchase,2.50\n"
                                    "c1,2025-05-09,return,2.50\n");
  m.customer = "Nope";
  CHECK(input_error([&] { run(ImportFormat::LineItems, text, &m); }) ==
        "export.csv:1: column Nope: missing from the header (named in the column mapping)");
}

TEST_CASE("the Online Retail layout is detected and read with its built-in mapping", "[import]") {
  const std::string text = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
                           "536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
                           "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n"
                           "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom\n"
                           "536414,22139,,56,2010-12-01 11:52:00,0.0,,United Kingdom\n";
  REQUIRE(detect_format(text) == ImportFormat::LineItems);
  Import im = run(ImportFormat::Auto, text);
  // 6 x 2.55 + 6 x 3.39 = 35.64
  CHECK(events_to_csv(im.log, 2) == "customer_id,date,type,amount\n"
                                    "14527,2010-12-01,return,27.50\n"
                                    "17850,2010-12-01,purchase,35.64\n");
  CHECK(im.report.skipped == 1);
}

TEST_CASE("the CDNOW file keeps leading zeros and same-day lines as separate purchases", "[import]") {
  const std::string text = " customer_id  date number_of_cds  dollar_value\r\n"
                           " 00001 19970101 1 11.77\r\n"
                           " 00002 19970112 2 89.00\r\n"
                           " 00002 19970112 1 0.00\r\n";
  REQUIRE(detect_format(text) == ImportFormat::Cdnow);
  Import im = run(ImportFormat::Auto, text);
  CHECK(im.report.rows_read == 3);
  CHECK(events_to_csv(im.log, 2) == "customer_id,date,type,amount\n"
                                    "00001,1997-01-01,purchase,11.77\n"
                                    "00002,1997-01-12,purchase,89.00\n"
                                    "00002,1997-01-12,purchase,0.00\n");
}

TEST_CASE("a file of unknown shape is refused with a reason", "[import]") {
  CHECK(starts_with(input_error([] { run(ImportFormat::Auto, "a,b,c\n1,2,3\n"); }),
                    "export.csv:1: cannot tell what this file is"));
}
