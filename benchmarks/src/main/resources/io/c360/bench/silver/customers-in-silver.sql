-- DuckDB's silver peer: the customers with at least one accepted profile.
SELECT count(DISTINCT customer_id) FROM checked_customers WHERE len(rule_ids) = 0;
