"""tradeoff's own plugins for *how* to rank: each module registers like a third party's."""
