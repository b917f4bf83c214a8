"""The project's Scrapy commands (COMMANDS_MODULE): Scrapy's own, as `eureporter` reports outcomes."""
