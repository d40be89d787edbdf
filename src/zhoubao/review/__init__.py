"""zhoubao.review."""
