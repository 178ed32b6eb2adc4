-- Set when the person whose details are the enterprise's contact is erased: the details stay as the
-- enterprise's business record until an admin replaces the contact, which clears it.
ALTER TABLE enterprise ADD COLUMN contact_replacement_required_at timestamptz;
