"""Starter lists for 校对 (people.toml, names.toml); read by zhoubao.review.proofread, extended by the office."""
