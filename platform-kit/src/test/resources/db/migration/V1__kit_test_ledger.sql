-- What the test event handler applies, and the personal data the test data holder exports and erases
CREATE TABLE kit_test_ledger (
    event_id   varchar(255) PRIMARY KEY,
    aggregate  varchar(255) NOT NULL,
    seq        integer      NOT NULL,
    subject_id varchar(255) NOT NULL
);
