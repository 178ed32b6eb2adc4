-- A credit code belongs to the enterprise that proved it (issue 11): claims stay pending until
-- verified, any number may be pending, and only one verified enterprise holds each code.
-- Existing enterprises were first come, not proven: they start pending too.
ALTER TABLE enterprise ADD COLUMN credit_code_verified_at timestamptz;
ALTER TABLE enterprise DROP CONSTRAINT enterprise_credit_code_key;
CREATE INDEX enterprise_credit_code ON enterprise (credit_code);
CREATE UNIQUE INDEX enterprise_verified_credit_code ON enterprise (credit_code) WHERE credit_code_verified_at IS NOT NULL;
