"""The pieces behind honest outcomes, one by one: the end-of-crawl checks for each way a run can fail, failure
messages that name the fix, the progress figures (queue after a resume, rows waiting for the database), the operator
identity rule, secrets masked."""

from __future__ import annotations

import io
import logging

import pytest
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError

from crawler.commands.run import masked_secret, project_settings
from crawler.extensions.identity import PLACEHOLDER_CONTACT, identity_problem
from crawler.extensions.progress import Progress
from crawler.failures import classify
from tests.test_monitors import HEALTHY, run_checks
from tests.test_progress import _Crawler


def test_nothing_fetched_names_the_first_cause_and_its_fix() -> None:
    first = {"dns": "http://www.eureporter.co/robots.txt: could not resolve www.eureporter.co: check the network, or "
             "--resolve for a replica"}  # fmt: skip
    failures = run_checks({"eureporter/failed/first": first, "eureporter/failed/robots_unreachable": 4})
    assert failures == [
        "Nothing was fetched: could not resolve www.eureporter.co: check the network, or --resolve for a replica"
    ]


def test_a_run_stopped_by_its_own_storage_is_not_blamed_on_the_site() -> None:
    assert run_checks({"eureporter/archive_error": "cannot write WARC files in x: No space left on device"}) == []


def test_unreachable_robots_txt_fails_the_run_naming_the_host() -> None:
    stats = {"downloader/response_count": 3, "eureporter/robots/unreachable_hosts": {"www.eureporter.co": "HTTP 503"}}
    [failure] = run_checks(stats)
    assert failure.startswith("robots.txt could not be fetched from www.eureporter.co (HTTP 503): nothing was fetched")


def test_all_article_requests_failing_fails_the_run() -> None:
    stats = {
        "downloader/response_count": 30,
        "eureporter/incremental/new": 10,
        "eureporter/failed_articles": 10,
        "eureporter/failed/first": {"http_500": "http://x/a/2026/01/01/b/: HTTP 500 (after retries)"},
    }
    [failure] = run_checks(stats)
    assert failure.startswith("All 10 article requests failed (e.g. http://x/a/2026/01/01/b/: HTTP 500")


def test_some_failed_article_requests_are_counted_not_fatal() -> None:
    assert run_checks({**HEALTHY, "eureporter/failed_articles": 5}) == []


@pytest.mark.parametrize(("challenged", "fails"), [(10, False), (60, True)])
def test_mostly_challenged_article_pages_fail_like_403s(challenged: int, fails: bool) -> None:
    stats = {
        **HEALTHY,
        "eureporter/pages/not_article": challenged,
        "eureporter/pages/not_article/challenge": challenged,
        "eureporter/extract/articles": 97 - challenged,
        "eureporter/extract/empty": 3,
    }
    failures = run_checks(stats)
    assert bool(failures) is fails
    if fails:
        assert failures[0].startswith(f"{challenged} of 100 pages were a bot check or consent wall")
        assert "USER_AGENT" in failures[0]
        assert len(failures) == 1, "challenges are not extraction failures"


def test_a_walled_off_site_is_not_a_changed_url_structure() -> None:
    failures = run_checks({"downloader/response_count": 7, "eureporter/pages/not_listing/challenge": 1})
    assert len(failures) == 1
    assert "bot check or consent wall" in failures[0]


def test_failure_messages_name_the_fix() -> None:
    assert classify(CannotResolveHostError("DNS lookup failed"), "http://www.eureporter.co/feed/")[2] == (
        "could not resolve www.eureporter.co: check the network, or --resolve for a replica"
    )
    assert classify(DownloadConnectionRefusedError("refused"), "http://127.0.0.1:9/")[2] == (
        "could not connect to 127.0.0.1:9 (connection refused): check --site and that the site is up"
    )


def _progress(queue: int | None, **stats: int) -> Progress:
    crawler = _Crawler()
    for name, value in stats.items():
        crawler.stats.set_value(name.replace("__", "/"), value)
    return Progress(crawler.stats, 60, io.StringIO(), queue=lambda: queue)


def test_a_resumed_crawls_total_counts_its_saved_queue() -> None:
    # Resumed from --jobdir: 290 requests came from the saved queue, which scheduler/enqueued never counted.
    progress = _progress(290, response_received_count=10, scheduler__enqueued=10)
    progress.draw()
    assert progress.stream is not None
    assert "10/300 pages" in progress.stream.getvalue()  # type: ignore[attr-defined]


def test_progress_shows_articles_waiting_for_the_database(caplog: pytest.LogCaptureFixture) -> None:
    progress = _progress(5, response_received_count=80, eureporter__extract__articles=60, eureporter__sql__pending=60)
    with caplog.at_level(logging.INFO, logger="crawler.extensions.progress"):
        progress.log_line()
    assert "60 articles (0 new, 0 updated, 0 unchanged, 60 waiting for the database), 0 errors, 5 queued" in caplog.text


def test_pages_left_out_by_max_pages_or_robots_are_not_progress_errors() -> None:
    progress = _progress(0, downloader__exception_count=30, eureporter__budget__dropped=25, robotstxt__forbidden=5)
    assert progress.snapshot()["errors"] == 0


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"EUREPORTER_SITE": "https://www.eureporter.co"}, "EUREPORTER_CONTACT_URL is the placeholder"),
        (
            {"EUREPORTER_SITE": "https://www.eureporter.co", "EUREPORTER_CONTACT_URL": "mailto:a@example.org"},
            "EUREPORTER_OPERATOR is the placeholder",
        ),
        (
            {
                "EUREPORTER_SITE": "https://www.eureporter.co",
                "EUREPORTER_CONTACT_URL": "mailto:a@example.org",
                "EUREPORTER_WARC_OPERATOR": "An archive <a@example.org>",
            },
            None,
        ),
        ({"EUREPORTER_SITE": "http://127.0.0.1:8080"}, None),
        ({"EUREPORTER_SITE": "http://www.eureporter.test:8080"}, None),
        (
            {"EUREPORTER_SITE": "http://www.eureporter.co:8080", "EUREPORTER_RESOLVE": "*.eureporter.co=127.0.0.1"},
            None,
        ),
        (
            {"EUREPORTER_SITE": "http://www.eureporter.co", "EUREPORTER_RESOLVE": "*.eureporter.co=192.0.2.1"},
            "EUREPORTER_CONTACT_URL is the placeholder",
        ),
    ],
)
def test_a_public_site_needs_an_operator_contact(overrides: dict[str, str], problem: str | None) -> None:
    settings = project_settings(overrides)
    settings.set("EUREPORTER_CONTACT_URL", overrides.get("EUREPORTER_CONTACT_URL", PLACEHOLDER_CONTACT), "cmdline")
    if "EUREPORTER_CONTACT_URL" not in overrides:
        settings.set("USER_AGENT", f"EUReporterArchiveBot/0 (+{PLACEHOLDER_CONTACT})", "cmdline")
    if "EUREPORTER_WARC_OPERATOR" not in overrides:
        settings.set("EUREPORTER_WARC_OPERATOR", "EU Reporter archive crawler operators", "cmdline")
    found = identity_problem(settings)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert found.startswith(problem)


def test_contact_given_with_s_reaches_the_user_agent() -> None:
    settings = project_settings({"EUREPORTER_CONTACT_URL": "mailto:a@example.org"})
    assert settings.get("USER_AGENT").endswith("(+mailto:a@example.org)")


def test_secrets_are_masked() -> None:
    assert masked_secret("redis://:pw@host:6379/0") == "redis://:***@host:6379/0"
    assert masked_secret("redis://user:pw@host/0") == "redis://user:***@host/0"
    assert masked_secret("redis://host:6379/0") == "redis://host:6379/0"
