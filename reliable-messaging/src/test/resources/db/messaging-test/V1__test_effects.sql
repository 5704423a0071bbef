CREATE TABLE applied_clicks (
    click_id   text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
