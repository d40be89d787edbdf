"""zhoubao.web."""
