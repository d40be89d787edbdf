"""zhoubao.archive."""
