"""The other posts an article page shows (more posts, related, prev/next, Trending, sidebar), all published before "
"it."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from replica.rand import Rand

if TYPE_CHECKING:
    from replica.corpus import Corpus
    from replica.posts import Post

_SALT_TRENDING = 0x7E4D
_TRENDING_WINDOW = 200


@dataclass(frozen=True, slots=True)
class Neighbours:
    """The other posts an article page shows. All were published before it, so that later posts never change it."""

    more: list[Post]
    related: list[Post]
    up_next: Post | None
    dont_miss: Post | None
    trending: list[Post]
    latest: list[Post]


def neighbours(corpus: Corpus, post: Post) -> Neighbours:
    posts, position = corpus.posts, post.id - 1
    categories = corpus.indexes.categories

    def earlier(path: str, count: int, exclude: list[Post]) -> list[Post]:
        members = categories.get(path, [])
        end = bisect_left(members, post.id, key=lambda member: member.id)
        picked = [m for m in reversed(members[max(0, end - count - len(exclude)) : end]) if m not in exclude]
        return picked[:count]

    # Zox News fills #mvp-post-add-box with the full text of other posts of the same category.
    more = earlier(post.meta.label_path, 2 + post.key % 2, [])
    related = earlier(post.category_path, 3, more)
    for candidate in reversed(posts[max(0, position - 8) : position]):
        if len(related) >= 3:
            break
        if candidate not in related and candidate not in more:
            related.append(candidate)
    window = range(max(0, position - _TRENDING_WINDOW), position)
    trending = [posts[i] for i in Rand(post.key, _SALT_TRENDING).sample(window, 6)]
    return Neighbours(
        more=more,
        related=related,
        up_next=posts[position - 1] if position >= 1 else None,
        dont_miss=posts[position - 2] if position >= 2 else None,
        trending=trending,
        latest=posts[max(0, position - 5) : position][::-1],
    )


def thumbnail(path: str, size: str = "400x240") -> str:
    """WordPress' resized copy of an upload: name-400x240.jpg."""
    stem, _, extension = path.rpartition(".")
    return f"{stem}-{size}.{extension}"
