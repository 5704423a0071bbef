-- whether the listener's prepare had seen the click in the transaction that applied it
ALTER TABLE applied_clicks ADD COLUMN prepared boolean NOT NULL DEFAULT false;
