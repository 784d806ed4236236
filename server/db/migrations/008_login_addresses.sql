-- Login throttling by (account, address): an account is locked only for the address that keeps failing,
-- and addresses an account has logged in from are remembered, so guesses from elsewhere slow down
-- strangers without locking the owner out.
CREATE INDEX login_failures_pair ON login_failures(username, address, at);
CREATE TABLE login_known_addresses (
  username TEXT NOT NULL COLLATE NOCASE,
  address TEXT NOT NULL,
  last_at TEXT NOT NULL,
  PRIMARY KEY (username, address)
) STRICT;
