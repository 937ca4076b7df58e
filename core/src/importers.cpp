// Store exports and line-item files -> events (docs/importers.md).
#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <unordered_map>

#include "csv.hpp"
#include "import_formats.hpp"
#include "log_builder.hpp"

namespace tierlab {

const char* import_format_name(ImportFormat f) {
  switch (f) {
    case ImportFormat::Auto: return "auto";
    case ImportFormat::EventsCsv: return "events-csv";
    case ImportFormat::EventsJson: return "events-json";
    case ImportFormat::Shopify: return "shopify-orders";
    case ImportFormat::WooCommerce: return "woocommerce-orders";
    case ImportFormat::LineItems: return "line-items";
    case ImportFormat::Cdnow: return "cdnow";
  }
  return "?";
}

ImportFormat parse_import_format(std::string_view n) {
  for (ImportFormat f : {ImportFormat::Auto, ImportFormat::EventsCsv, ImportFormat::EventsJson, ImportFormat::Shopify,
                         ImportFormat::WooCommerce, ImportFormat::LineItems, ImportFormat::Cdnow})
    if (n == import_format_name(f)) return f;
  if (n == "shopify") return ImportFormat::Shopify;
  if (n == "woocommerce") return ImportFormat::WooCommerce;
  if (n == "online-retail") return ImportFormat::LineItems;
  throw InputError(
      "unknown import format \"" + std::string(n) +
      "\" (expected auto, events-csv, events-json, shopify, woocommerce, line-items, online-retail or cdnow)");
}

namespace {

// The first row's fields, trimmed, as strings of their own (the reader's
// views end with the reader).
std::vector<std::string> header_of(std::string_view text, char delimiter) {
  std::vector<std::string_view> f;
  CsvReader r(text, delimiter);
  try {
    r.next(f);
  } catch (const InputError&) {}
  std::vector<std::string> h;
  for (auto x : f) h.emplace_back(trim(x));
  return h;
}

int find_col(const std::vector<std::string_view>& h, std::initializer_list<const char*> names) {
  for (const char* n : names)
    for (size_t i = 0; i < h.size(); ++i)
      if (iequals(h[i], n)) return static_cast<int>(i);
  return -1;
}

// Money in exports may carry more digits than the currency (unit prices like
// 0.085); kept exact at 6 decimals and rounded half to even once per order.
constexpr int kFine = 6;

std::optional<int64_t> parse_fine(std::string_view s, char decimal, std::string* why) {
  s = trim(s);
  if (!s.empty() && s.front() == '\'') s.remove_prefix(1);
  std::string plain;
  if (needs_plain_amount(s, decimal)) {
    if (!plain_amount(s, decimal, plain, why)) return std::nullopt;
    s = plain;
  }
  return parse_decimal(s, kFine, why, int64_t{1} << 62); // a line at 10^-6; totals are checked against kMaxValue
}

struct Order {
  std::string customer;
  Day day = 0;
  __int128 fine = 0;     // purchase total at 6 decimals
  __int128 refunded = 0; // refund total at 6 decimals
  int64_t rows = 0;      // rows of the file that make up the order
};

// Adds grouped orders as events: a purchase (or a return when the total is
// negative), and a return for any refunded amount, on the order's day.
// Every total is within kMaxValue (the readers check as they sum).
void emit_orders(LogBuilder& b, std::vector<Order>& orders, int digits) {
  const __int128 den = pow10i(kFine - digits);
  for (Order& o : orders) {
    int64_t total = div_round_half_even(o.fine < 0 ? -o.fine : o.fine, den);
    (void)b.add(o.customer, o.day, o.fine < 0 ? "return" : "purchase", total, {}); // two types: never too many
    if (o.refunded > 0) {
      (void)b.add(o.customer, o.day, "return", div_round_half_even(o.refunded, den), {});
      // add() counted a used row for the refund event; it is the same row.
      b.unmerge();
    }
    for (int64_t r = 1; r < o.rows; ++r) b.merged();
  }
}

// The header row, trimmed; throws on an empty file.
std::vector<std::string> read_header(CsvReader& csv, const ImportOptions& opt) {
  std::vector<std::string_view> f;
  if (!csv.next(f)) throw InputError(opt.source + ":1: empty file, expected a header row");
  std::vector<std::string> h;
  for (auto x : f) h.emplace_back(trim(x));
  return h;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (auto& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

} // namespace

Import import_line_items(std::string_view text, const LineItemMapping& map, const ImportOptions& opt) {
  if (map.customer.empty() || map.date.empty())
    throw option_error("mapping", "mapping", "needs at least customer and date"); // as line_item_mapping says
  LogBuilder b(opt, "line-items");
  CsvReader csv(text, delimiter_of(text, opt));
  csv.set_source(opt.source);
  const std::vector<std::string> hs = read_header(csv, opt);
  std::vector<std::string_view> f;
  auto col = [&](const std::string& name, bool required) {
    if (name.empty()) return -1;
    for (size_t i = 0; i < hs.size(); ++i)
      if (iequals(hs[i], name)) return static_cast<int>(i);
    if (required)
      throw InputError(opt.source + ":1: column " + name + ": missing from the header (named in the column mapping)");
    return -1;
  };
  const int cc = col(map.customer, true), dc = col(map.date, true), oc = col(map.order, false);
  const int ac = col(map.amount, false), qc = col(map.quantity, false), pc = col(map.unit_price, false);
  if (ac < 0 && (qc < 0 || pc < 0))
    throw InputError(opt.source + ":1: the column mapping needs an amount column, or quantity and unit price columns");
  if (!map.order.empty() && oc < 0) col(map.order, true);
  ImportOptions given = opt;
  if (given.date_order == DateOrder::Auto) given.date_order = map.date_order;
  std::vector<std::string> notes;
  const ImportOptions o = settle_options(text, given, dc, map.date, {ac >= 0 ? ac : pc}, DateOrder::Auto, "", notes);
  const size_t width = hs.size();
  std::vector<Order> orders;
  std::unordered_map<std::string, size_t> by_key;
  // An order's total, and so each line's, stays within kMaxValue minor units.
  const __int128 max_fine = static_cast<__int128>(kMaxValue) * pow10i(kFine - opt.currency_digits);
  const std::string largest = format_decimal(kMaxValue, opt.currency_digits) + " (2^53 - 1 minor units)";
  while (csv.next(f)) {
    b.row();
    const std::string where = opt.source + ":" + std::to_string(csv.line()) + ": ";
    if (!b.width_ok(csv.line(), f.size(), width)) continue;
    std::string customer(trim(f[static_cast<size_t>(cc)]));
    if (!map.customer_suffix_strip.empty() && customer.size() > map.customer_suffix_strip.size() &&
        customer.compare(customer.size() - map.customer_suffix_strip.size(), std::string::npos,
                         map.customer_suffix_strip) == 0)
      customer.resize(customer.size() - map.customer_suffix_strip.size());
    if (customer.empty()) {
      b.leave_out(csv.line(), where + "column " + map.customer + ": no customer (guest sale), left out");
      continue;
    }
    if (std::string why = customer_id_problem(customer); !why.empty()) {
      b.bad(csv.line(), where + "column " + map.customer + ": " + why);
      continue;
    }
    std::string why;
    auto day = parse_export_date(f[static_cast<size_t>(dc)], o.date_order, o.timezone_minutes, &why);
    if (!day) {
      b.bad(csv.line(), where + "column " + map.date + ": " + why);
      continue;
    }
    __int128 fine;
    if (ac >= 0) {
      auto a = parse_fine(f[static_cast<size_t>(ac)], o.decimal, &why);
      if (!a) {
        b.bad(csv.line(), where + "column " + map.amount + ": " + why);
        continue;
      }
      fine = *a;
    } else {
      auto q = parse_decimal(trim(f[static_cast<size_t>(qc)]), 0, &why);
      if (!q) {
        b.bad(csv.line(), where + "column " + map.quantity + ": " + why);
        continue;
      }
      auto p = parse_fine(f[static_cast<size_t>(pc)], o.decimal, &why);
      if (!p) {
        b.bad(csv.line(), where + "column " + map.unit_price + ": " + why);
        continue;
      }
      fine = static_cast<__int128>(*q) * *p; // |q|, |p| <= 2^62: within 2^124
    }
    const std::string& money_col = ac >= 0 ? map.amount : map.unit_price;
    if (fine > max_fine || fine < -max_fine) {
      b.bad(csv.line(), where + "column " + money_col + ": the line's total is beyond the largest amount, " + largest);
      continue;
    }
    const std::string order_key = oc >= 0 ? std::string(trim(f[static_cast<size_t>(oc)])) : "";
    std::string key = customer + '\x1f' + (oc >= 0 ? order_key : "#" + std::to_string(csv.line()));
    auto it = by_key.find(key);
    if (it != by_key.end()) {
      const __int128 sum = orders[it->second].fine + fine; // both within max_fine: no overflow
      if (sum > max_fine || sum < -max_fine) {
        b.bad(csv.line(), where + "column " + money_col + ": order " + order_key +
                              "'s total would pass the largest amount, " + largest);
        continue;
      }
    } else {
      it = by_key.emplace(key, orders.size()).first;
      Order o;
      o.customer = customer;
      o.day = *day;
      orders.push_back(std::move(o));
    }
    Order& o = orders[it->second];
    o.fine += fine;
    ++o.rows;
  }
  emit_orders(b, orders, opt.currency_digits);
  Import im = b.finish();
  im.report.notes = std::move(notes);
  return im;
}

namespace {

// Where an order export keeps the fields a loyalty program needs.
struct OrderColumns {
  int key = -1, customer = -1, email = -1, date = -1, total = -1, refunded = -1;
  int currency = -1; // the orders' ISO 4217 code, when the export has it
  std::string key_name, date_name, total_name, refunded_name, customer_name, email_name;
  // Why the order on this first row is left out (cancelled, ...), or "".
  std::function<std::string(const std::vector<std::string_view>&)> left_out;
};

// Shopify and WooCommerce exports alike: one row per order, or one row per
// line item with the order fields on its first row; grouped by order key.
// `fallback`: the export's documented date order, for dates that fit both.
Import import_orders(std::string_view text, const ImportOptions& opt, const std::string& format,
                     const std::function<OrderColumns(const std::vector<std::string_view>&)>& columns,
                     DateOrder fallback, const std::string& fallback_why) {
  LogBuilder b(opt, format);
  CsvReader csv(text, delimiter_of(text, opt));
  csv.set_source(opt.source);
  const std::vector<std::string> h = read_header(csv, opt);
  const std::vector<std::string_view> hv(h.begin(), h.end());
  const OrderColumns cols = columns(hv);
  std::vector<std::string> notes;
  const ImportOptions o =
      settle_options(text, opt, cols.date, cols.date_name, {cols.total, cols.refunded}, fallback, fallback_why, notes);
  std::string currency;
  bool mixed_currency = false;
  const size_t width = h.size();
  std::vector<Order> orders;
  std::unordered_map<std::string, size_t> by_key;
  std::unordered_map<std::string, bool> left_out_orders;
  std::vector<std::string_view> f;
  auto get = [&](int c) {
    return c >= 0 && static_cast<size_t>(c) < f.size() ? trim(f[static_cast<size_t>(c)]) : std::string_view();
  };
  while (csv.next(f)) {
    b.row();
    const std::string where = opt.source + ":" + std::to_string(csv.line()) + ": ";
    if (!b.width_ok(csv.line(), f.size(), width)) continue;
    std::string key(get(cols.key));
    if (key.empty()) {
      b.bad(csv.line(), where + "column " + cols.key_name + ": empty order key");
      continue;
    }
    if (left_out_orders.count(key)) {
      b.leave_out(csv.line(), where + "line item of left-out order " + key);
      continue;
    }
    auto it = by_key.find(key);
    if (it != by_key.end()) {
      ++orders[it->second].rows;
      continue;
    } // a later line item
    // The first row of an order: its order-level fields are here.
    if (std::string why = cols.left_out(f); !why.empty()) {
      left_out_orders[key] = true;
      b.leave_out(csv.line(), where + "order " + key + " " + why + ", left out");
      continue;
    }
    std::string customer(get(cols.customer));
    const std::string* customer_col = &cols.customer_name;
    if (customer.empty() || customer == "0") { // guests: their email
      customer = lowercase(get(cols.email));
      customer_col = &cols.email_name;
    }
    if (customer.empty()) {
      left_out_orders[key] = true;
      b.leave_out(csv.line(), where + "order " + key + " has no customer id or email, left out");
      continue;
    }
    if (std::string why = customer_id_problem(customer); !why.empty()) {
      b.bad(csv.line(), where + "column " + *customer_col + ": " + why);
      continue;
    }
    std::string why;
    auto day = parse_export_date(get(cols.date), o.date_order, o.timezone_minutes, &why);
    if (!day) {
      b.bad(csv.line(), where + "column " + cols.date_name + ": " + why);
      continue;
    }
    auto t = parse_fine(get(cols.total), o.decimal, &why);
    if (!t || *t < 0) {
      b.bad(csv.line(), where + "column " + cols.total_name + ": " + (t ? "must not be negative" : why));
      continue;
    }
    __int128 ref = 0;
    if (!get(cols.refunded).empty()) {
      auto r = parse_fine(get(cols.refunded), o.decimal, &why);
      if (!r) {
        b.bad(csv.line(), where + "column " + cols.refunded_name + ": " + why);
        continue;
      }
      ref = *r < 0 ? -*r : *r; // some exports write refunds negative
    }
    if (const std::string_view code = get(cols.currency); !code.empty()) {
      if (currency.empty()) currency = std::string(code);
      else if (code != currency && !mixed_currency) {
        mixed_currency = true;
        notes.push_back("orders in more than one currency: " + currency + ", then " + std::string(code) + " on line " +
                        std::to_string(csv.line()) + " (amounts are taken as they are)");
      }
    }
    Order o;
    o.customer = customer;
    o.day = *day;
    o.fine = *t;
    o.refunded = ref;
    o.rows = 1;
    by_key.emplace(key, orders.size());
    orders.push_back(std::move(o));
  }
  emit_orders(b, orders, opt.currency_digits);
  Import im = b.finish();
  im.report.notes = std::move(notes);
  im.report.currency = currency;
  return im;
}

} // namespace

Import import_shopify_orders(std::string_view text, const ImportOptions& opt) {
  return import_orders(
      text, opt, "shopify-orders",
      [&](const std::vector<std::string_view>& h) {
        OrderColumns c;
        c.key = find_col(h, {"Name"});
        c.email = find_col(h, {"Email"}); // the orders export has no customer id
        c.date = find_col(h, {"Created at"});
        c.total = find_col(h, {"Total"});
        c.refunded = find_col(h, {"Refunded Amount"});
        c.currency = find_col(h, {"Currency"});
        c.key_name = "Name", c.date_name = "Created at", c.total_name = "Total", c.refunded_name = "Refunded Amount";
        c.email_name = "Email";
        for (auto [col, n] : {std::pair{c.key, "Name"}, {c.email, "Email"}, {c.date, "Created at"}, {c.total, "Total"}})
          if (col < 0)
            throw InputError(opt.source + ":1: column " + std::string(n) + ": missing from the Shopify orders header");
        const int cancelled = find_col(h, {"Cancelled at"}), status = find_col(h, {"Financial Status"});
        c.left_out = [cancelled, status](const std::vector<std::string_view>& f) -> std::string {
          if (cancelled >= 0 && !trim(f[static_cast<size_t>(cancelled)]).empty()) return "is cancelled";
          if (status >= 0 && trim(f[static_cast<size_t>(status)]) == "voided") return "is voided";
          return {};
        };
        return c;
      },
      DateOrder::Auto, "");
}

Import import_woocommerce_orders(std::string_view text, const ImportOptions& opt) {
  return import_orders(
      text, opt, "woocommerce-orders",
      [&](const std::vector<std::string_view>& h) {
        OrderColumns c;
        c.key = find_col(h, {"order_id", "Order ID", "order_number", "Order Number"});
        c.date = find_col(h, {"date", "order_date", "Date", "Order Date"});
        c.total = find_col(h, {"order_total", "Order Total"});
        c.refunded = find_col(h, {"refunded_total", "Refunded Total", "Order Refunded"});
        c.customer = find_col(h, {"customer_id", "Customer ID", "customer_user"});
        c.email = find_col(h, {"billing_email", "Billing Email", "customer_email"});
        c.currency = find_col(h, {"order_currency", "Order Currency", "currency"});
        for (auto [col, n] : {std::pair{c.key, "order_id"}, {c.date, "date"}, {c.total, "order_total"}})
          if (col < 0)
            throw InputError(opt.source + ":1: column " + std::string(n) +
                             ": missing from the WooCommerce orders header");
        if (c.customer < 0 && c.email < 0)
          throw InputError(opt.source + ":1: column customer_id: missing (and no billing_email)");
        c.key_name = std::string(h[static_cast<size_t>(c.key)]);
        c.date_name = std::string(h[static_cast<size_t>(c.date)]);
        c.total_name = std::string(h[static_cast<size_t>(c.total)]);
        c.refunded_name = c.refunded >= 0 ? std::string(h[static_cast<size_t>(c.refunded)]) : "refunded_total";
        c.customer_name = c.customer >= 0 ? std::string(h[static_cast<size_t>(c.customer)]) : "customer_id";
        c.email_name = c.email >= 0 ? std::string(h[static_cast<size_t>(c.email)]) : "billing_email";
        const int status = find_col(h, {"status", "Order Status"});
        // Paid statuses count; the unpaid ones are left out; any other status
        // (a plugin's, a typo, none) is left out too, with its reason: never
        // counted as a purchase unseen.
        c.left_out = [status](const std::vector<std::string_view>& f) -> std::string {
          if (status < 0) return {};
          const std::string_view written = trim(f[static_cast<size_t>(status)]);
          std::string st = lowercase(written);
          if (st.rfind("wc-", 0) == 0) st = st.substr(3);
          if (st == "completed" || st == "processing" || st == "on-hold" || st == "refunded") return {};
          if (st == "cancelled" || st == "failed" || st == "pending" || st == "pending payment" ||
              st == "checkout-draft" || st == "trash")
            return "has status " + st;
          if (st.empty()) return "has no status (expected completed, processing, on-hold or refunded)";
          return "has unknown status \"" + std::string(written) +
                 "\" (expected completed, processing, on-hold or refunded)";
        };
        return c;
      },
      DateOrder::Mdy, "as WooCommerce exports (WebToffee) write them");
}

Import import_cdnow(std::string_view text, const ImportOptions& opt) {
  LogBuilder b(opt, "cdnow");
  size_t pos = 0;
  int64_t line = 0;
  bool header = true;
  while (pos < text.size()) {
    size_t e = text.find('\n', pos);
    if (e == std::string_view::npos) e = text.size();
    std::string_view l = text.substr(pos, e - pos);
    pos = e + 1;
    ++line;
    std::vector<std::string_view> w;
    size_t i = 0;
    while (i < l.size()) {
      while (i < l.size() && (l[i] == ' ' || l[i] == '\t' || l[i] == '\r')) ++i;
      size_t s = i;
      while (i < l.size() && !(l[i] == ' ' || l[i] == '\t' || l[i] == '\r')) ++i;
      if (i > s) w.push_back(l.substr(s, i - s));
    }
    if (w.empty()) continue;
    if (header) {
      header = false;
      if (w[0] == "customer_id") continue;
    }
    b.row();
    const std::string where = opt.source + ":" + std::to_string(line) + ": ";
    if (w.size() != 4) {
      b.bad(line, where + "expected 4 fields (customer_id date number_of_cds dollar_value)");
      continue;
    }
    std::optional<Day> day;
    if (w[1].size() == 8) {
      std::string iso =
          std::string(w[1].substr(0, 4)) + "-" + std::string(w[1].substr(4, 2)) + "-" + std::string(w[1].substr(6, 2));
      day = parse_day(iso);
    }
    if (!day) {
      b.bad(line, where + "column date: expected YYYYMMDD, got \"" + std::string(w[1]) + "\"");
      continue;
    }
    std::string why;
    auto amount = parse_decimal(w[3], opt.currency_digits, &why);
    if (!amount || *amount < 0) {
      b.bad(line, where + "column dollar_value: " + (amount ? "must not be negative" : why));
      continue;
    }
    if (std::string problem = customer_id_problem(w[0]); !problem.empty()) {
      b.bad(line, where + "column customer_id: " + problem);
      continue;
    }
    (void)b.add(w[0], *day, "purchase", *amount, {}); // one type: never too many
  }
  return b.finish();
}

ImportFormat detect_format(std::string_view text, char delimiter) {
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
  if (i < text.size() && text[i] == '[') return ImportFormat::EventsJson;
  std::string_view first = text.substr(i, text.find('\n', i) - i);
  if (first.find(',') == std::string_view::npos && first.find("customer_id") != std::string_view::npos &&
      first.find("dollar_value") != std::string_view::npos)
    return ImportFormat::Cdnow;
  const std::vector<std::string> header = header_of(text, delimiter ? delimiter : detect_delimiter(text));
  const std::vector<std::string_view> h(header.begin(), header.end());
  if (find_col(h, {"Lineitem quantity"}) >= 0 && find_col(h, {"Financial Status"}) >= 0) return ImportFormat::Shopify;
  if (find_col(h, {"order_total", "Order Total"}) >= 0 && find_col(h, {"order_id", "Order ID"}) >= 0)
    return ImportFormat::WooCommerce;
  if (find_col(h, {"customer_id"}) >= 0 && find_col(h, {"date"}) >= 0 && find_col(h, {"type"}) >= 0)
    return ImportFormat::EventsCsv;
  if (find_col(h, {"InvoiceNo"}) >= 0 && find_col(h, {"CustomerID"}) >= 0) return ImportFormat::LineItems;
  return ImportFormat::Auto; // unknown
}

namespace {
// A header meant as the canonical one but short of a column: customer_id and
// type or amount.
bool near_canonical_header(std::string_view text, char delimiter) {
  const std::vector<std::string> header = header_of(text, delimiter);
  const std::vector<std::string_view> h(header.begin(), header.end());
  return find_col(h, {"customer_id"}) >= 0 && (find_col(h, {"type"}) >= 0 || find_col(h, {"amount"}) >= 0);
}
} // namespace

LineItemMapping line_item_mapping(const std::vector<std::pair<std::string, std::string>>& pairs,
                                  const std::string& option) {
  LineItemMapping m;
  m.customer_suffix_strip.clear();
  for (const auto& [k, v] : pairs) {
    if (k == "customer") m.customer = v;
    else if (k == "date") m.date = v;
    else if (k == "order") m.order = v;
    else if (k == "amount") m.amount = v;
    else if (k == "quantity") m.quantity = v;
    else if (k == "unit_price") m.unit_price = v;
    else if (k == "strip_suffix") m.customer_suffix_strip = v;
    else
      throw option_error(option, "mapping",
                         "unknown key \"" + k +
                             "\" (customer, date, order, amount, quantity, unit_price, strip_suffix)");
  }
  if (m.customer.empty() || m.date.empty()) throw option_error(option, "mapping", "needs at least customer and date");
  return m;
}

LineItemMapping online_retail_mapping() {
  LineItemMapping m;
  m.customer = "CustomerID";
  m.date = "InvoiceDate";
  m.order = "InvoiceNo";
  m.quantity = "Quantity";
  m.unit_price = "UnitPrice";
  m.date_order = DateOrder::Mdy; // UCI's file: "12/1/2010 8:26"
  return m;
}

Import import_any(std::string_view text, ImportFormat format, const ImportOptions& given,
                  const LineItemMapping* mapping) {
  const ImportOptions& opt = given;
  const char delimiter = delimiter_of(text, opt); // the readers settle it the same way
  if (format == ImportFormat::Auto) {
    format = detect_format(text, delimiter);
    if (format == ImportFormat::LineItems && !mapping) {
      LineItemMapping m = online_retail_mapping();
      return import_line_items(text, m, opt);
    }
    if (format == ImportFormat::Auto && !mapping && near_canonical_header(text, delimiter))
      format = ImportFormat::EventsCsv; // its reader names the missing column
    if (format == ImportFormat::Auto && !mapping)
      throw InputError(opt.source +
                       ":1: cannot tell what this file is: expected an events CSV header "
                       "(customer_id,date,type,...), a Shopify or WooCommerce orders export, or a column mapping");
    if (format == ImportFormat::Auto) format = ImportFormat::LineItems;
  }
  switch (format) {
    case ImportFormat::EventsCsv: return import_events_csv(text, opt);
    case ImportFormat::EventsJson: return import_events_json(text, opt);
    case ImportFormat::Shopify: return import_shopify_orders(text, opt);
    case ImportFormat::WooCommerce: return import_woocommerce_orders(text, opt);
    case ImportFormat::Cdnow: return import_cdnow(text, opt);
    case ImportFormat::LineItems: {
      LineItemMapping m = mapping ? *mapping : online_retail_mapping();
      return import_line_items(text, m, opt);
    }
    case ImportFormat::Auto: break;
  }
  throw InputError("unreachable import format");
}

std::string events_to_csv(const EventLog& log, int digits) {
  std::string out = "customer_id,date,type,amount\n";
  for (uint32_t c = 0; c < log.customers(); ++c) {
    const std::string& id = log.customer_ids[c];
    bool quote = id.find_first_of(",\"\r\n") != std::string::npos;
    std::string field = id;
    if (quote) {
      field = "\"";
      for (char ch : id) {
        if (ch == '"') field += '"';
        field += ch;
      }
      field += '"';
    }
    for (uint32_t i = log.begin[c]; i < log.begin[c + 1]; ++i) {
      out += field;
      out += ',';
      out += format_day(log.day[i]);
      out += ',';
      out += log.kinds[log.kind[i]];
      out += ',';
      EventType t = log.type[i];
      if (t == EventType::Purchase || t == EventType::Return) out += format_decimal(log.amount[i], digits);
      else if (t == EventType::Redeem) out += std::to_string(log.amount[i]);
      out += '\n';
    }
  }
  return out;
}

} // namespace tierlab
