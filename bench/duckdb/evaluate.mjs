// The work of `tierlab evaluate --program samples/programs/kids-clothing.json
// --as-of DATE` done by DuckDB, for bench/e2e.sh's comparison: load the events
// CSV, drop repeated event ids (the first row stays), aggregate each
// customer's metrics, tier them, compute the progress toward the next tier
// and write the same columns as CSV. Hand-written for that one program:
// spend = purchases - returns in [D-364, D], orders = purchases in that
// window, engagement = review 5 / social_share 3 / referral 10, lifetime.
// Not modelled (so not compared): enrollment after a leave and the points
// balance's lots and expiry (points here: 10 a currency unit earned minus
// taken back and redeemed, no expiry), which makes DuckDB's work a little lighter.
// Usage: node evaluate.mjs EVENTS.csv AS_OF OUT.csv [THREADS]
import { DuckDBInstance } from '@duckdb/node-api';

const [events, asOf, out, threads = '2'] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads });
const c = await db.connect();
const q = (s) => c.run(s);
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
await q(`SET TimeZone = 'UTC'`);
await q(`CREATE TABLE raw AS SELECT * FROM read_csv(${lit(events)}, header = true, all_varchar = true)`);
await q(`CREATE TABLE ev AS
  SELECT customer_id,
         CASE WHEN length(date) = 10 THEN CAST(date AS DATE) ELSE CAST(CAST(date AS TIMESTAMPTZ) AS DATE) END AS day,
         type,
         CAST(round(CAST(coalesce(nullif(amount, ''), '0') AS DECIMAL(18, 2)) * 100) AS BIGINT) AS cents
  FROM (SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY rowid) AS nth FROM raw) WHERE nth = 1`);
const D = `DATE ${lit(asOf)}`;
await q(`CREATE TABLE m AS
  SELECT customer_id,
    sum(CASE WHEN day BETWEEN ${D} - 364 AND ${D} THEN
             CASE type WHEN 'purchase' THEN cents WHEN 'return' THEN -cents ELSE 0 END ELSE 0 END) AS spend,
    count(*) FILTER (WHERE type = 'purchase' AND day BETWEEN ${D} - 364 AND ${D}) AS orders,
    sum(CASE WHEN day <= ${D} THEN CASE type WHEN 'review' THEN 5 WHEN 'social_share' THEN 3 WHEN 'referral' THEN 10 ELSE 0 END ELSE 0 END) AS engagement,
    sum(CASE WHEN day <= ${D} THEN CASE type WHEN 'purchase' THEN cents // 10 WHEN 'return' THEN -cents // 10
             WHEN 'redeem' THEN -cents // 100 WHEN 'referral' THEN 100 WHEN 'social_share' THEN 5 ELSE 0 END ELSE 0 END) AS points
  FROM ev GROUP BY customer_id`);
// Silver: spend > 100 or orders >= 6 or engagement > 10; Gold: > 300, >= 16, > 30.
// Progress toward the next tier: the best leaf, value / target clamped to [0, 1].
const leaf = (v, t) => `least(greatest(${v}, 0), ${t}) / ${t}`;
await q(`COPY (
  SELECT customer_id, 'true' AS enrolled, tier, tier_index, next_tier,
    CASE WHEN next_tier IS NULL THEN '1.0000' ELSE printf('%.4f', progress) END AS progress, NULL AS held_until,
    printf('%.2f', spend / 100.0) AS spend, orders, engagement, greatest(points, 0) AS points_balance
  FROM (SELECT *,
    CASE tier_index WHEN 0 THEN greatest(${leaf('spend', 10001)}, ${leaf('orders', 6)}, ${leaf('engagement', 11)})
                    WHEN 1 THEN greatest(${leaf('spend', 30001)}, ${leaf('orders', 16)}, ${leaf('engagement', 31)})
                    ELSE 1 END AS progress
    FROM (SELECT *,
      CASE WHEN spend >= 30001 OR orders >= 16 OR engagement >= 31 THEN 2
           WHEN spend >= 10001 OR orders >= 6 OR engagement >= 11 THEN 1 ELSE 0 END AS tier_index
      FROM m) t1,
    LATERAL (SELECT ['Bronze', 'Silver', 'Gold'][tier_index + 1] AS tier,
                    ['Silver', 'Gold', NULL][tier_index + 1] AS next_tier) t2)
  ORDER BY customer_id) TO ${lit(out)} (HEADER, DELIMITER ',')`);
