-- Several instances (issue 15): a counter that moves with every audited change, in the change's own transaction. What an
-- instance keeps from the data (the dashboard, agencies and units) is keyed by it, so a change written by any instance is
-- seen by every other one at its next read of this row, instead of only by the instance that made it.
CREATE TABLE data_generation (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    value  INTEGER NOT NULL
);
INSERT INTO data_generation (id, value) VALUES (1, 0);
