-- Where each account has signed in successfully before. Login throttling is per (account, address):
-- a known pair is judged only by its own failures, so someone guessing passwords elsewhere (or
-- behind the same address, for other accounts) cannot lock a person out of their usual place.
-- Not a tenant table: login happens before a tenant is known, like login_failure.
CREATE TABLE login_known_address (
    email           text        NOT NULL,
    address         text        NOT NULL,
    last_success_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (email, address)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON login_known_address TO ${appRole};
