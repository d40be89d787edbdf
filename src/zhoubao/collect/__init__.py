"""zhoubao.collect."""
