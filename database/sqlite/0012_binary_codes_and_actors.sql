-- Issue 15, twin of database/sqlserver/0012_binary_codes_and_actors.sql, which gives SQL Server's codes, usernames,
-- key prefixes and AKN ids a binary collation and widens the audit actor id. SQLite already compares TEXT with BINARY
-- and does not enforce lengths, so nothing changes here.
SELECT 1;
