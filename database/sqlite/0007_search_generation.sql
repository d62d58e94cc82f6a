-- Search at scale (issue 8): a counter that moves with every change of the search index, in the transaction of the
-- change. Ranking a query's matches (FTS5 bm25 over every match, then the phrase bonus) costs as much as the words are
-- common; the API keeps a query's ranking and reuses it while the counter it was ranked at is still the current one.
-- What depends on the caller (scope, clearance, the version in force) is still filtered by every request's own query.
CREATE TABLE search_generation (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    value  INTEGER NOT NULL
);
INSERT INTO search_generation (id, value) VALUES (1, 0);

CREATE TRIGGER search_generation_ai AFTER INSERT ON search_documents BEGIN
    UPDATE search_generation SET value = value + 1 WHERE id = 1;
END;

CREATE TRIGGER search_generation_ad AFTER DELETE ON search_documents BEGIN
    UPDATE search_generation SET value = value + 1 WHERE id = 1;
END;

CREATE TRIGGER search_generation_au AFTER UPDATE ON search_documents BEGIN
    UPDATE search_generation SET value = value + 1 WHERE id = 1;
END;
