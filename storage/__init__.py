"""Storage back ends with no Scrapy import: WARC files and the SQL dataset."""
