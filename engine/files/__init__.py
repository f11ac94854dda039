"""Files in and out: scenario TOML, tables of offers (CSV, Parquet), atomic writes, places in a file."""
