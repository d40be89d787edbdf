"""Use cases: the only place stages are combined; cli, web and jobs call these and nothing below them."""
