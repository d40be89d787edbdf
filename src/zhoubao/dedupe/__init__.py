"""zhoubao.dedupe."""
