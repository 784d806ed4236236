-- The kept site states by commune: a former district (or a pre-reform province) is named by the communes
-- formed from it, and without this index each such read scanned every state of the country (≈ 350 ms for
-- one former district of the national set of 100,000 sites).
CREATE INDEX site_states_commune ON site_states (commune_code, valid_from);
