-- Several instances (issue 15): a counter that moves with every audited change, in the change's own transaction. What an
-- instance keeps from the data (the dashboard, agencies and units) is keyed by it, so a change written by any instance is
-- seen by every other one at its next read of this row, instead of only by the instance that made it. Writers already
-- take turns on the audit trail's head row; this row is updated right after it, so it adds no new point of contention.
CREATE TABLE dbo.data_generation (
    id     INT NOT NULL CONSTRAINT pk_data_generation PRIMARY KEY CONSTRAINT ck_data_generation_single CHECK (id = 1),
    value  BIGINT NOT NULL
);
GO
INSERT INTO dbo.data_generation (id, value) VALUES (1, 0);
GO
