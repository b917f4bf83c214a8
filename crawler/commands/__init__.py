"""The `eureporter` console script and its commands: each a thin layer over the Scrapy glue and storage/."""
