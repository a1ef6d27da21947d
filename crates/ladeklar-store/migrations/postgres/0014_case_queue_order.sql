-- PostgreSQL: as migrations/sqlite/0012_case_queue_order.sql.
-- The support queue's order (issue 15's speed, benches/support/): the open cases by the next
-- SLA deadline (none last), then the oldest, so the first page is read in order from this
-- index instead of sorting every open case. `Store::case_queue` orders by the same terms.
CREATE INDEX cases_queue ON cases ((due_at IS NULL), due_at, opened_at, number)
    WHERE state NOT IN ('closed','duplicate','cancelled');
