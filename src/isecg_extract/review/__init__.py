"""The review site: each document's rows beside their evidence, and corrections built by hand.

``build_review(paths, dest)`` writes a static, self-contained site (HTML, CSS, a little
JavaScript; nothing fetched from the network) for output folders of ``extract`` or ``batch``.
"""

from isecg_extract.review.build import ReviewSite, build_review

__all__ = ["ReviewSite", "build_review"]
