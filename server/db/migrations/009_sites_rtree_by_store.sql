-- A site's R*Tree entry is written by the store's insertSite, beside the row, rather than by a trigger:
-- an INSERT that fires a trigger writing a virtual table needs a statement journal for every row, which
-- made a 100,000-row import spend 4 of its 5 seconds of writing there. Moves and deletions keep their
-- triggers (rare, one row at a time).
DROP TRIGGER sites_rtree_insert;
