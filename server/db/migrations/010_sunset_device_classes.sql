-- The next sunset (3G) needs to know who loses service when 3G goes: subscribers on 3G-capable phones
-- without 4G, and on 4G phones without VoLTE (voice needs 2G/3G on them). Both are NULL where a month's
-- file did not report them: unknown, never taken for zero. Replaced values keep going to history.
ALTER TABLE commune_indicators ADD COLUMN subscribers_3g INTEGER CHECK (subscribers_3g >= 0);
ALTER TABLE commune_indicators ADD COLUMN subscribers_no_volte INTEGER CHECK (subscribers_no_volte >= 0);
ALTER TABLE commune_indicator_history ADD COLUMN subscribers_3g INTEGER;
ALTER TABLE commune_indicator_history ADD COLUMN subscribers_no_volte INTEGER;

DROP TRIGGER commune_indicators_keep_update;
DROP TRIGGER commune_indicators_keep_delete;
CREATE TRIGGER commune_indicators_keep_update BEFORE UPDATE ON commune_indicators BEGIN
  INSERT INTO commune_indicator_history (unit_set, commune_code, month, subscribers, subscribers_2g, subscribers_3g,
    subscribers_no_volte, households, households_smartphone, notes, source, recorded_at, superseded_at)
  VALUES (OLD.unit_set, OLD.commune_code, OLD.month, OLD.subscribers, OLD.subscribers_2g, OLD.subscribers_3g,
    OLD.subscribers_no_volte, OLD.households, OLD.households_smartphone, OLD.notes, OLD.source, OLD.recorded_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER commune_indicators_keep_delete BEFORE DELETE ON commune_indicators BEGIN
  INSERT INTO commune_indicator_history (unit_set, commune_code, month, subscribers, subscribers_2g, subscribers_3g,
    subscribers_no_volte, households, households_smartphone, notes, source, recorded_at, superseded_at)
  VALUES (OLD.unit_set, OLD.commune_code, OLD.month, OLD.subscribers, OLD.subscribers_2g, OLD.subscribers_3g,
    OLD.subscribers_no_volte, OLD.households, OLD.households_smartphone, OLD.notes, OLD.source, OLD.recorded_at,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
