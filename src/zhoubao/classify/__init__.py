"""zhoubao.classify."""
