-- A count of changes to the monthly indicators, kept by triggers whichever path writes them (an import, a
-- correction, a hand-made SQL change). Indicators carried across the crosswalk are computed once per month
-- and kept until it moves (server/domain/unit-indicators.ts); they used to be kept only until any row of
-- any table changed on the connection, so every station a carrier registered threw them away.
CREATE TABLE indicator_changes (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL) STRICT;
INSERT INTO indicator_changes (id, n) VALUES (1, 0);
CREATE TRIGGER indicator_changes_insert AFTER INSERT ON commune_indicators BEGIN
  UPDATE indicator_changes SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER indicator_changes_update AFTER UPDATE ON commune_indicators BEGIN
  UPDATE indicator_changes SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER indicator_changes_delete AFTER DELETE ON commune_indicators BEGIN
  UPDATE indicator_changes SET n = n + 1 WHERE id = 1;
END;
