"""zhoubao.net: the only door to the network, below every stage (URLs, address guard, transport, fetcher)."""
