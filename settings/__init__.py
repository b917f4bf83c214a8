"""Scrapy and EUREPORTER_* settings of the EU Reporter archive crawler; the only module that reads os.environ."""

from __future__ import annotations

import os

from crawler import __version__

BOT_NAME = "eureporter"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
# `scrapy crawl` exits 1, naming the cause, when the run failed (crawler/commands/scrapycommands/crawl.py).
COMMANDS_MODULE = "crawler.commands.scrapycommands"

# --- Identity and politeness -------------------------------------------------------------------------------------
# Who we are and how to reach us; site operators see this in their logs (override with EUREPORTER_CONTACT_URL).
EUREPORTER_CONTACT_URL = os.environ.get(
    "EUREPORTER_CONTACT_URL", "https://github.com/eureporter-archive/eureporter-archive#contact"
)
# An honest User-Agent: product, version, contact URL. Never a browser string.
USER_AGENT = f"EUReporterArchiveBot/{__version__} (+{EUREPORTER_CONTACT_URL})"
# robots.txt is obeyed (Scrapy's default_settings say False; the startproject template says True).
ROBOTSTXT_OBEY = True
# AutoThrottle adapts the delay to the server's latency; start slow, aim for ~1 request in flight.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = 1.0
# All editions (www., fr., de., …) are one server: the spider puts them in one download slot, so these
# limits apply to the site as a whole, not per subdomain.
CONCURRENT_REQUESTS = 16
# Outputs of one response processed in parallel. Scrapy starts this many tasks per response (default 100); our
# callbacks yield one item and a few requests, so 100 tasks per page only cost the reactor thread time.
CONCURRENT_ITEMS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4

# --- Safety for unattended runs ----------------------------------------------------------------------------------
# The telnet console is a Python shell in the process; RemoteControl (on by default in Scrapy 2.19) runs Python
# code sent over HTTP. Neither belongs in a scheduled crawler.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Bodies above this size (wire or inflated: Scrapy checks both) are dropped and counted; a news page is ~200 KB.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
DOWNLOAD_TIMEOUT = 60
# Only codings the replay stack decodes (warcio, pywb): no zstd, and no br unless pywb has brotli.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en",
    "Accept-Encoding": "gzip, deflate",
}
# A body cut short of its Content-Length is kept (flagged dataloss, archived with WARC-Truncated: disconnect) instead
# of failing the request: a complete HTML document that lost its last bytes is still stored (crawler.extraction.pages).
DOWNLOAD_FAIL_ON_DATALOSS = False
RETRY_ENABLED = True
RETRY_TIMES = 2
# Longest Retry-After we wait for before retrying (seconds); a longer one is capped, not ignored.
EUREPORTER_RETRY_AFTER_MAX = 120.0
# The DNS cache never expires in Scrapy (#905); long crawls should not pin an address forever.
DNSCACHE_ENABLED = True
DNSCACHE_SIZE = 10000
# --resolve (curl-style DNS override) needs our resolver installed on the reactor at process start.
TWISTED_DNS_RESOLVER = "crawler.resolver.OverrideResolver"
# The pipelines await asyncio futures (the extraction pool): pin Scrapy's default asyncio reactor explicitly.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# HTML pages only; the archive keeps every response anyway.
COOKIES_ENABLED = False
# No Scrapy HTTP cache: the archive is the cache, and cache hits must never be archived as captures.
HTTPCACHE_ENABLED = False
LOG_LEVEL = os.environ.get("EUREPORTER_LOG_LEVEL", "INFO")
# Scrapy's log lines, except that a dropped item is named by its message, without the whole item after it.
LOG_FORMATTER = "crawler.failures.LogFormatter"
FEED_EXPORT_ENCODING = "utf-8"

# --- Components --------------------------------------------------------------------------------------------------
EXTENSIONS = {
    # First: one crawl per data directory (a second run exits at once, naming the running one).
    "crawler.extensions.lock.DataDirLockExtension": 0,
    # A crawl of a site beyond loopback names its operator and a contact (refuses the placeholders).
    "crawler.extensions.identity.OperatorIdentity": 1,
    # After Scrapy's SpiderState (0): makes --jobdir resumable after SIGKILL and reusable after a finished run.
    "crawler.extensions.jobdir.JobDirGuard": 10,
    "crawler.extensions.progress.Progress": 500,
    # Only with --redis (EUREPORTER_REDIS_URL): crawl lifecycle across processes sharing a scrapy-redis frontier.
    "crawler.extensions.distributed.RedisCoordinator": 20,
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,
    "crawler.extensions.archive.WarcArchive": 100,
}
# Checks at the end of each crawl (crawler/monitors.py): a silent failure becomes a failed run with a clear message.
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ("crawler.monitors.CloseSuite",)
# More 403s than this share of all responses means the site is refusing us.
EUREPORTER_MONITOR_MAX_FORBIDDEN_RATIO = 0.5
# More extraction failures than this share of article pages means the layout changed.
EUREPORTER_MONITOR_MAX_EXTRACTION_FAILURES = 0.2
# More articles than this share read by the fallback reader (no Zox News body container) means the layout drifted.
EUREPORTER_MONITOR_MAX_FALLBACK_RATIO = 0.5
# A progress line in the log every this many seconds (0 = none); a live status line on interactive terminals.
EUREPORTER_PROGRESS_INTERVAL = 60.0
EUREPORTER_PROGRESS_BAR = True
# Scrapy's own per-minute LogStats line is replaced by the progress line above.
LOGSTATS_INTERVAL = 0.0
SPIDER_MIDDLEWARES = {
    # Between the spider and the scheduler: drops article requests the dataset holds unchanged.
    "crawler.spidermiddlewares.incremental.IncrementalMiddleware": 950,
}
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's robots.txt middleware, except that an unreachable robots.txt disallows its host (RFC 9309).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.downloadermiddlewares.robots.RobotsMiddleware": 100,
    # Right after Scrapy's OffsiteMiddleware (50): only the site's own hosts, also for redirects and robots.txt.
    "crawler.downloadermiddlewares.guard.ScopeGuardMiddleware": 60,
    # Scrapy's RetryMiddleware, honouring Retry-After on 429/503 (Scrapy #3849).
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.downloadermiddlewares.retry.RetryAfterMiddleware": 550,
    # Scrapy's, except for article and listing pages: those are decompressed in the extraction workers.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.downloadermiddlewares.compression.RawBodyCompressionMiddleware": 590,
    # After every other process_request (robots.txt, retries included), so only real fetches use the budget.
    "crawler.downloadermiddlewares.budget.PageBudgetMiddleware": 990,
}
ITEM_PIPELINES = {
    "crawler.pipelines.SqlPipeline": 300,
}

# --- EU Reporter crawl -------------------------------------------------------------------------------------------
# Base URL of the English edition; language editions are the same host with the language code instead of www.
EUREPORTER_SITE = os.environ.get("EUREPORTER_SITE", "https://www.eureporter.co")
# Language editions to crawl: comma-separated ISO 639-1 codes, or "all" (every edition the pages advertise).
EUREPORTER_LANGUAGES = os.environ.get("EUREPORTER_LANGUAGES", "all")
# Incremental crawl: fetch only articles that are new, changed (sitemap lastmod) or missing editions. False = full
# backfill (`eureporter crawl --full`).
EUREPORTER_INCREMENTAL = True
# Revisits (crawler/revisits.py): a stored English article is checked again at these ages (days after publication),
# then every EUREPORTER_REVISIT_RARE_DAYS (0 = never), at most EUREPORTER_REVISIT_BUDGET checks a run, longest
# overdue first. A sitemap lastmod or a feed <updated> replaces the guess where the site gives one.
EUREPORTER_REVISIT_AGES = "1,2,4,8,16,32"
EUREPORTER_REVISIT_RARE_DAYS = 90.0
EUREPORTER_REVISIT_BUDGET = 500
# The site's "now" for those ages: empty = the Date header of the site's responses; or a fixed ISO 8601 time.
EUREPORTER_CLOCK = ""
# Listing bounds: pages per archive, archives per run, and pages in a row that list nothing new before a walk ends.
EUREPORTER_LISTING_MAX_PAGES = 20_000
EUREPORTER_LISTING_MAX_ARCHIVES = 1_000
EUREPORTER_LISTING_REPEAT_PAGES = 3
# Pages of the feed in modification order read back to the previous crawl (10 entries each on WordPress).
EUREPORTER_FEED_MAX_PAGES = 10
# Discovery sources: sitemaps (robots.txt Sitemap: lines, /wp-sitemap.xml), feed (/feed/), listings (home, categories,
# /page/N/). All three by default: the live site's sitemaps are not known to exist.
EUREPORTER_DISCOVERY = "sitemaps,feed,listings"
# Only articles published or modified on or after this date (YYYY-MM-DD); empty = no bound.
EUREPORTER_SINCE = ""
# Stop scheduling new requests after this many (0 = no limit).
EUREPORTER_MAX_PAGES = 0
# Worker processes that decompress, parse and extract article and listing pages off the reactor thread; -1 = one per
# core (max 4), 0 = all in the reactor thread.
EUREPORTER_EXTRACT_WORKERS = -1
# Host name overrides, curl --resolve style: "HOST=IP" or "*.DOMAIN=IP", comma-separated.
EUREPORTER_RESOLVE = ""

# Redis URL shared by distributed crawl processes (`--redis`); empty = a single process with Scrapy's scheduler.
EUREPORTER_REDIS_URL = ""
# Name of the distributed crawl: processes with the same name share one frontier (keys eureporter:<job>:…).
EUREPORTER_REDIS_JOB = "eureporter"

# --- Storage -----------------------------------------------------------------------------------------------------
# Data directory: eureporter.db, warc/, indexes/.
EUREPORTER_DATA_DIR = os.environ.get("EUREPORTER_DATA_DIR", "data")
# SQLAlchemy URL of the dataset; empty = sqlite:///DATA_DIR/eureporter.db.
EUREPORTER_SQL_URL = os.environ.get("EUREPORTER_DB", "")
# Directory of the WARC files; empty = DATA_DIR/warc.
EUREPORTER_WARC_DIR = ""
# WARC file name prefix (IIPC: prefix-timestamp-serial-host-token.warc.gz).
EUREPORTER_WARC_PREFIX = "EUREPORTER"
# Rotate to a new WARC file before a request/response pair would pass this size (IIPC default 1 GB).
EUREPORTER_WARC_MAX_BYTES = 1_000_000_000
# Operator named in each warcinfo record.
EUREPORTER_WARC_OPERATOR = os.environ.get("EUREPORTER_OPERATOR", "EU Reporter archive crawler operators")
# Unchanged 2xx payloads of a URL (this run or earlier: DATA_DIR/indexes/dedup.sqlite3) become revisit records.
EUREPORTER_WARC_DEDUP = True
# Rows are written by a database thread in batches of this many (one transaction, one WARC fsync each).
EUREPORTER_SQL_BATCH = 100
# At most this many extracted articles wait for the database; beyond it the crawl waits (backpressure).
EUREPORTER_SQL_MAX_PENDING = 2000
# A partial batch is written (and the crawls row refreshed) after waiting this many seconds.
EUREPORTER_SQL_FLUSH_SECONDS = 5.0
# A crawls row still "running" whose process is on another machine is taken for dead (killed) after this long
# without a heartbeat; on this machine the process itself is looked for.
EUREPORTER_STALE_RUN_SECONDS = 900.0
