-- A board column pages its open deals by expected close (none last), then id: this index serves each page, whichever
-- page of however long a column.
create index deals_column_idx on deals (stage_id, (coalesce(expected_close_date, date '9999-12-31')), id)
    where status = 'OPEN';
