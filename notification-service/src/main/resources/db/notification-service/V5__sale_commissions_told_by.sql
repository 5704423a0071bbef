-- The event that told a sale (its sale or its commission), set in the same upsert that brings the second
-- half: the upsert both records its half and claims the telling, through the primary key, instead of a
-- second UPDATE looking the row up again (that one matched the partial index sale_commissions_waiting and,
-- on a table without statistics, the planner scanned that whole index for each sale).
ALTER TABLE sale_commissions ADD COLUMN told_by text;
